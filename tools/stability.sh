#!/usr/bin/env bash
# Stability of the hierarchical recipe (docs/METHODS.md, "Convolutions on AVX-512 CPUs"):
# short runs over seeds on the embedded digits and on colour sets, one line per run and a
# table per set. A run that diverges exits 4; nothing is retried or skipped.
#
#   tools/make-colour-sets.py /tmp/colour            # the colour sets (see its header)
#   tools/stability.sh OUT [COLOUR_DIR] [SEEDS] [STEPS] [THREADS] [EXTRA TRAIN OPTIONS…]
#   tools/stability.sh runs/stability /tmp/colour 10 100 2
#   tools/stability.sh runs/stability-w1 "" 10 100 2 --width 1     # the digits only, at width 1
set -uo pipefail
out=${1:?usage: tools/stability.sh OUT [COLOUR_DIR] [SEEDS] [STEPS] [THREADS] [train options…]}
colour=${2:-}
seeds=${3:-10}
steps=${4:-100}
threads=${5:-2}
shift $(( $# < 5 ? $# : 5 ))
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
phasic="$here/../phasic"
sets=(digits)
if [[ -n "$colour" ]]; then sets+=(photos flat photos-cifar); fi
mkdir -p "$out"
for set in "${sets[@]}"; do
  data=()
  [[ "$set" != digits ]] && data=(--data "$colour/$set")
  trained=0 diverged=0 other=0
  for seed in $(seq 1 "$seeds"); do
    run="$out/$set-seed-$seed"
    rm -rf "$run"
    start=$(date +%s)
    "$phasic" train --recipe hierarchical --steps "$steps" --seed "$seed" --threads "$threads" "${data[@]}" "$@" \
      --out "$run" >"$out/$set-seed-$seed.log" 2>&1
    code=$?
    case $code in
      0) trained=$((trained + 1)); outcome="trained" ;;
      4) diverged=$((diverged + 1)); outcome="diverged: $(grep -o 'diverged at step [0-9]*: [^;]*' "$out/$set-seed-$seed.log")" ;;
      *) other=$((other + 1)); outcome="exit $code: $(tail -1 "$out/$set-seed-$seed.log")" ;;
    esac
    echo "$set seed $seed: $outcome ($(( $(date +%s) - start )) s)"
  done
  echo "| $set | $* | $threads | $seeds × $steps | $trained | $diverged | $other |" >> "$out/table.md"
done
echo "| set | options | threads | seeds × steps | trained | diverged | failed otherwise |"
echo "|---|---|---|---|---|---|---|"
cat "$out/table.md"
