package dev.phasic.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasic.UserError;
import dev.phasic.data.ImageDataset;
import dev.phasic.evaluation.Overlap;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code phasic experiment development}: the paper's §4.4 prediction that wake and sleep
 * distributions align over development. Trains one network per objective and measures
 * the binary Berkes KL(wake‖sleep) of every layer ({@link Overlap}) at regular steps;
 * or reads the {@code eval.berkes.*} lines that {@code phasic train --eval-every} logged
 * in existing runs. Writes metrics.json, one PNG per layer and index.html.
 */
public final class DevelopmentExperiment {
    private DevelopmentExperiment() {}

    /** One network per objective from {@code base}, {@code steps} long, measured every {@code every} steps. */
    public record Plan(TrainConfig base, List<ObjectiveKind> objectives, long steps, long every, int samples, int units) {}

    /** One measurement: per layer, KL(wake‖sleep), the reverse, the split-half floor, the independent-units control. */
    record Point(long step, Map<String, double[]> layers) {}

    public static Map<String, Object> run(Plan plan, Path out, PrintStream log) throws IOException {
        AtomicFile.createFolders(out);
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (ObjectiveKind kind : plan.objectives()) {
            TrainConfig config = plan.base().with("objective", kind).withLength(plan.steps(), 0);
            Session s = new Session(config);
            ImageDataset pool = s.data.test().concat(s.data.train());
            int n = Math.min(plan.samples(), pool.count());
            List<Point> points = new ArrayList<>();
            Lab.train(s, plan.steps(), plan.every(), kind.cliName, log, step -> {
                Overlap.Result o = Overlap.of(s.model, pool, n, plan.units(), config.run().seed(), s.device);
                Map<String, double[]> layers = new LinkedHashMap<>();
                for (Overlap.Layer l : o.layers()) {
                    layers.put(l.name(), new double[] {l.wakeSleep().bits(), l.sleepWake().bits(), l.floor().bits(), l.independent().bits()});
                }
                points.add(new Point(step, layers));
            });
            curves.put(kind.cliName, points);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("recipe", plan.base().recipe());
        settings.put("steps", plan.steps());
        settings.put("every", plan.every());
        settings.put("samples", plan.samples());
        settings.put("units_per_layer", plan.units());
        settings.put("seed", plan.base().run().seed());
        return write(out, settings, curves);
    }

    /** The development curves that {@code phasic train --eval-every} logged in each run's metrics.jsonl. */
    public static Map<String, Object> fromRuns(List<Path> runs, Path out) throws IOException {
        AtomicFile.createFolders(out);
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (Path run : runs) {
            Path metrics = run.resolve("metrics.jsonl");
            if (!Files.isRegularFile(metrics)) throw new UserError("no metrics.jsonl in " + run);
            List<Point> points = new ArrayList<>();
            for (String line : Files.readAllLines(metrics)) {
                if (line.isBlank()) continue;
                JsonNode j = Json.MAPPER.readTree(line);
                Map<String, double[]> layers = new LinkedHashMap<>();
                j.fieldNames().forEachRemaining(k -> {
                    if (k.startsWith("eval.berkes.") && k.endsWith(".kl_bits")) {
                        String layer = k.substring("eval.berkes.".length(), k.length() - ".kl_bits".length());
                        String p = "eval.berkes." + layer + ".";
                        layers.put(layer, new double[] {j.get(k).asDouble(), value(j, p + "kl_reverse_bits"),
                                value(j, p + "floor_bits"), value(j, p + "independent_bits")});
                    }
                });
                if (!layers.isEmpty()) points.add(new Point(j.get("step").asLong(), layers));
            }
            if (points.isEmpty()) {
                throw new UserError(run + " logged no per-layer overlap: train it with --eval-every N (this version or later)");
            }
            String name = run.getFileName().toString();
            curves.put(curves.containsKey(name) ? run.toString() : name, points);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("runs", runs.stream().map(Path::toString).toList());
        return write(out, settings, curves);
    }

    private static double value(JsonNode j, String key) {
        return j.has(key) ? j.get(key).asDouble() : Double.NaN;
    }

    private static Map<String, Object> write(Path out, Map<String, Object> settings, Map<String, List<Point>> curves) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>(settings);
        Map<String, Object> byCurve = new LinkedHashMap<>();
        List<String> layers = new ArrayList<>();
        curves.forEach((name, points) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Point p : points) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", p.step());
                p.layers().forEach((layer, v) -> {
                    if (!layers.contains(layer)) layers.add(layer);
                    row.put(layer + ".kl_bits", v[0]);
                    row.put(layer + ".kl_reverse_bits", v[1]);
                    row.put(layer + ".floor_bits", v[2]);
                    row.put(layer + ".independent_bits", v[3]);
                });
                rows.add(row);
            }
            byCurve.put(name, rows);
        });
        metrics.put("curves", byCurve);
        Json.write(out.resolve("metrics.json"), metrics);

        Page page = new Page("Development: do wake and sleep align over learning?")
                .text("Binary Berkes KL(wake‖sleep) per layer over training (docs/METHODS.md). Lower is closer; "
                        + "the split-half floor is what two halves of the same wake activity give.");
        List<List<String>> rows = new ArrayList<>();
        curves.forEach((name, points) -> {
            Point first = points.get(0), last = points.get(points.size() - 1);
            for (String layer : layers) {
                double[] a = first.layers().get(layer), b = last.layers().get(layer);
                if (a == null || b == null) continue;
                rows.add(List.of(name, layer, String.format("%.3f", a[0]), String.format("%.3f", b[0]),
                        String.format("%.3f", b[2]), String.format("%.3f", b[3])));
            }
        });
        page.table(List.of("network", "layer", "KL first (bits)", "KL last", "floor last", "independent-units control last"), rows);
        for (String layer : layers) {
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            curves.forEach((name, points) -> {
                List<double[]> kl = new ArrayList<>(), floor = new ArrayList<>();
                for (Point p : points) {
                    double[] v = p.layers().get(layer);
                    if (v == null) continue;
                    kl.add(new double[] {p.step(), v[0]});
                    floor.add(new double[] {p.step(), v[2]});
                }
                series.put(name, kl);
                series.put(name + " (floor)", floor);
            });
            Path png = out.resolve("kl-" + layer + ".png");
            Charts.lines(png, "Layer " + layer + ": KL(wake‖sleep) over training", "step", "bits", series);
            page.figure(png, "Layer " + layer + ": binary Berkes KL between wake and sleep patterns, with its split-half floor.");
        }
        page.write(out.resolve("index.html"));
        return metrics;
    }
}
