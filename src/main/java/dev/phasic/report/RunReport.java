package dev.phasic.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code RUN_DIR/report.html}: one self-contained page (images inlined) with the
 * configuration, loss curves from metrics.jsonl, the latest sample and reconstruction
 * grids, the Berkes scatter and the evaluation metrics. Chart PNGs also stay in eval/.
 */
public final class RunReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {}

    public static Path write(Path run) throws IOException {
        Path eval = run.resolve("eval");
        Files.createDirectories(eval);
        List<JsonNode> lines = metricsLines(run.resolve("metrics.jsonl"));
        List<String> figures = new ArrayList<>();
        figures.add(curve(eval.resolve("critic-distance.png"), "Critic Wasserstein estimates", lines, k -> k.startsWith("critic.") && k.endsWith(".distance")));
        figures.add(curve(eval.resolve("network-loss.png"), "Network loss terms", lines, k -> k.startsWith("network.")));
        figures.add(curve(eval.resolve("gradient-penalty.png"), "Gradient penalties", lines, k -> k.endsWith(".gp")));
        figures.add(curve(eval.resolve("eval-over-time.png"), "Evaluation during training", lines, k -> k.startsWith("eval.")));

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Phasic run ")
            .append(esc(run.getFileName().toString())).append("</title><style>")
            .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}")
            .append("h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}")
            .append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}")
            .append("th{background:#f4f4f4}.grid{display:flex;flex-wrap:wrap;gap:1.5em}.grid figure{margin:0}")
            .append("img{max-width:100%;image-rendering:pixelated}figcaption{font-size:.85em;color:#555}")
            .append("</style></head><body>");
        html.append("<h1>Phasic run <code>").append(esc(run.getFileName().toString())).append("</code></h1>");

        JsonNode metrics = read(eval.resolve("metrics.json"));
        html.append("<h2>Evaluation</h2>");
        if (metrics == null) html.append("<p>Not evaluated yet: run <code>phasic evaluate ").append(esc(run.toString())).append("</code>.</p>");
        else html.append(table(metrics));

        html.append("<h2>Samples and reconstructions</h2><div class=\"grid\">");
        figure(html, latest(run.resolve("samples")), "Prior samples (fixed noise), latest grid");
        figure(html, latest(run.resolve("reconstructions")), "Test inputs (odd rows) above their reconstructions");
        figure(html, latest(run.resolve("predictions")), "First test sequence: truth (top row), then sampled futures; the red line marks the first predicted frame");
        figure(html, eval.resolve("prediction-per-frame.png"), "Per-frame prediction error on the test sequences");
        figure(html, eval.resolve("prediction-ssim.png"), "Per-frame SSIM on the test sequences");
        figure(html, eval.resolve("berkes.png"), "Berkes overlap per layer: frequency of each binary pattern under wake and sleep");
        html.append("</div><h2>Training curves</h2><div class=\"grid\">");
        for (String f : figures) if (f != null) figure(html, eval.resolve(f), "");
        html.append("</div>");

        JsonNode config = read(run.resolve("config.json"));
        html.append("<h2>Configuration</h2>");
        html.append(config == null ? "<p>missing config.json</p>" : table(config));
        html.append("<p style=\"color:#777;font-size:.8em\">").append(lines.size()).append(" logged steps</p></body></html>");

        Path out = run.resolve("report.html");
        Path tmp = run.resolve("report.html.tmp");
        Files.writeString(tmp, html.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    private static String curve(Path png, String title, List<JsonNode> lines, Predicate<String> keep)
            throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (keep.test(k) && line.get(k).isNumber()) {
                    series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {line.get("step").asDouble(), line.get(k).asDouble()});
                }
            }
        }
        if (series.isEmpty()) return null;
        Charts.lines(png, title, "step", "value", series);
        return png.getFileName().toString();
    }

    private static List<JsonNode> metricsLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) continue;
            try {
                out.add(JSON.readTree(l));
            } catch (IOException e) {
                // a line cut by a crash is skipped
            }
        }
        return out;
    }

    private static JsonNode read(Path file) {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String table(JsonNode node) {
        StringBuilder t = new StringBuilder("<table><tr><th>name</th><th>value</th></tr>");
        node.fields().forEachRemaining(e -> t.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                .append(esc(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())).append("</td></tr>"));
        return t.append("</table>").toString();
    }

    private static void figure(StringBuilder html, Path png, String caption) throws IOException {
        if (png == null || !Files.isRegularFile(png)) return;
        html.append("<figure><img alt=\"").append(esc(caption)).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"><figcaption>")
            .append(esc(caption.isEmpty() ? png.getFileName().toString() : caption + " (" + png.getFileName() + ")"))
            .append("</figcaption></figure>");
    }

    private static Path latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".png")).max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
