#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium and saves a full-page screenshot,
# so a person (or a reviewer) can check that the page reads well in a browser.
# Usage: tools/check-report.sh RUN_DIR [OUT.png]
set -euo pipefail
run="$1"; out="${2:-$run/report-screenshot.png}"
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
profile="$(mktemp -d)"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1200,3400 \
  --screenshot="$out" "file://$(realpath "$run")/report.html" 2>/dev/null
rm -rf "$profile"
echo "$out"
