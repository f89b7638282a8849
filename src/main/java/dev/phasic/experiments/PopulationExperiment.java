package dev.phasic.experiments;

import dev.phasic.io.Json;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import dev.phasic.torch.Ops;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * {@code phasic experiment population}: runs the methods over seeds and population
 * sizes and writes metrics.json, PNG plots and index.html into one folder.
 */
public final class PopulationExperiment {
    private PopulationExperiment() {}

    public record Plan(List<Integer> sizes, List<PopulationMethods.Method> methods, int seeds, int steps) {}

    public static Map<String, Object> run(Plan plan, Path out, Device device, PrintStream log) throws IOException {
        Files.createDirectories(out);
        List<PopulationMethods.Outcome> outcomes = new ArrayList<>();
        for (int size : plan.sizes()) {
            Population.Network net = Population.Network.sparse(size, 7);
            for (PopulationMethods.Method m : plan.methods()) {
                for (int seed = 1; seed <= plan.seeds(); seed++) {
                    long t0 = System.nanoTime();
                    PopulationMethods.Outcome o = PopulationMethods.run(m, net, seed, PopulationMethods.Settings.defaults(plan.steps()), device);
                    outcomes.add(o);
                    log.printf("n=%-3d %-6s seed %d: parameter error %.3f, KL %.3f bits (%.1f s)%n", size,
                            m.name().toLowerCase(), seed, o.error(), o.klBits(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        Map<String, Object> metrics = summary(plan, outcomes);
        Json.write(out.resolve("metrics.json"), metrics);
        List<String> figures = new ArrayList<>();
        figures.add(curves(out.resolve("parameter-error.png"), "Parameter error over training (mean over seeds)", outcomes, plan.sizes().get(0), 1));
        figures.add(curves(out.resolve("kl.png"), "KL between phases over training, bits (mean over seeds)", outcomes, plan.sizes().get(0), 2));
        if (plan.sizes().size() > 1) {
            figures.add(scaling(out.resolve("scaling-error.png"), "Final parameter error against population size", outcomes, plan, true));
            figures.add(scaling(out.resolve("scaling-kl.png"), "Final KL (bits) against population size", outcomes, plan, false));
        }
        if (plan.sizes().contains(2)) figures.add(joints(out.resolve("joint-n2.png"), plan, outcomes, device));
        html(out, plan, metrics, figures);
        return metrics;
    }

    private static Map<String, Object> summary(Plan plan, List<PopulationMethods.Outcome> outcomes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sizes", plan.sizes());
        m.put("seeds", plan.seeds());
        m.put("steps", plan.steps());
        List<Map<String, Object>> table = new ArrayList<>();
        for (int size : plan.sizes()) {
            for (PopulationMethods.Method method : plan.methods()) {
                List<PopulationMethods.Outcome> os = outcomes.stream().filter(o -> o.size() == size && o.method() == method).toList();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("size", size);
                row.put("method", method.name().toLowerCase());
                row.put("parameter_error_mean", mean(os.stream().mapToDouble(PopulationMethods.Outcome::error).toArray()));
                row.put("parameter_error_sd", sd(os.stream().mapToDouble(PopulationMethods.Outcome::error).toArray()));
                row.put("kl_bits_mean", mean(os.stream().mapToDouble(PopulationMethods.Outcome::klBits).toArray()));
                row.put("kl_bits_sd", sd(os.stream().mapToDouble(PopulationMethods.Outcome::klBits).toArray()));
                if (size == 2) row.put("learned_weights_seed1", os.get(0).learned());
                table.add(row);
            }
        }
        m.put("results", table);
        return m;
    }

    private static String curves(Path png, String title, List<PopulationMethods.Outcome> outcomes, int size, int column)
            throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (PopulationMethods.Method method : PopulationMethods.Method.values()) {
            List<PopulationMethods.Outcome> os = outcomes.stream().filter(o -> o.size() == size && o.method() == method).toList();
            if (os.isEmpty()) continue;
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < os.get(0).trace().size(); k++) {
                double sum = 0;
                for (PopulationMethods.Outcome o : os) sum += o.trace().get(k)[column];
                points.add(new double[] {os.get(0).trace().get(k)[0], sum / os.size()});
            }
            series.put(method.name().toLowerCase() + " (n=" + size + ")", points);
        }
        Charts.lines(png, title, "step", column == 1 ? "‖a − t‖" : "bits", series);
        return png.getFileName().toString();
    }

    private static String scaling(Path png, String title, List<PopulationMethods.Outcome> outcomes, Plan plan, boolean error)
            throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (PopulationMethods.Method method : plan.methods()) {
            List<double[]> points = new ArrayList<>();
            for (int size : plan.sizes()) {
                double[] v = outcomes.stream().filter(o -> o.size() == size && o.method() == method)
                        .mapToDouble(o -> error ? o.error() : o.klBits()).toArray();
                points.add(new double[] {size, mean(v)});
            }
            series.put(method.name().toLowerCase(), points);
        }
        Charts.lines(png, title, "population size n", error ? "‖a − t‖" : "bits", series);
        return png.getFileName().toString();
    }

    /** For n = 2: the (B, C) joint under the evoked phase and under each method's predictive phase (seed 1). */
    private static String joints(Path png, Plan plan, List<PopulationMethods.Outcome> outcomes, Device device)
            throws IOException {
        List<String> titles = new ArrayList<>(List.of("evoked (teacher)"));
        List<float[]> samples = new ArrayList<>();
        Population.Network net = Population.Network.sparse(2, 7);
        for (PopulationMethods.Method m : plan.methods()) titles.add(m.name().toLowerCase());
        Population ref = new Population(net, device);
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            samples.add(Ops.toFloats(ref.evoked(ref.signal(20000))));
            for (PopulationMethods.Method m : plan.methods()) {
                PopulationMethods.Outcome o = outcomes.stream().filter(x -> x.size() == 2 && x.seed() == 1 && x.method() == m)
                        .findFirst().orElseThrow();
                ref.weights().copy_(Ops.fromFloats(Population.toFloats(o.learned()), device, 2));
                samples.add(Ops.toFloats(ref.predictive(ref.signal(20000))));
            }
        }
        int cell = 180, pad = 24;
        BufferedImage img = new BufferedImage(samples.size() * (cell + pad) + pad, cell + 2 * pad + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        int bins = 60;
        double lo = -0.5, hiB = 4.0, hiC = 3.5;
        for (int k = 0; k < samples.size(); k++) {
            double[][] h = new double[bins][bins];
            double max = 0;
            float[] s = samples.get(k);
            for (int r = 0; r < s.length / 3; r++) {
                int x = (int) ((s[r * 3 + 1] - lo) / (hiB - lo) * bins), y = (int) ((s[r * 3 + 2] - lo) / (hiC - lo) * bins);
                if (x >= 0 && x < bins && y >= 0 && y < bins) max = Math.max(max, ++h[x][y]);
            }
            int ox = pad + k * (cell + pad), oy = pad + 10;
            for (int x = 0; x < bins; x++) {
                for (int y = 0; y < bins; y++) {
                    float v = (float) Math.sqrt(h[x][y] / max);
                    g.setColor(new Color(1 - v, 1 - 0.6f * v, 1 - 0.2f * v));
                    g.fillRect(ox + x * cell / bins, oy + cell - (y + 1) * cell / bins, cell / bins + 1, cell / bins + 1);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(ox, oy, cell, cell);
            g.drawString(titles.get(k), ox, pad);
            g.drawString("B →", ox + cell - 30, oy + cell + 16);
            g.drawString("C ↑", ox - 22, oy + 12);
        }
        g.dispose();
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
        return png.getFileName().toString();
    }

    private static void html(Path out, Plan plan, Map<String, Object> metrics, List<String> figures) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Object o : (List<?>) metrics.get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            rows.add(List.of(String.valueOf(r.get("size")), String.valueOf(r.get("method")),
                    String.format("%.3f ± %.3f", r.get("parameter_error_mean"), r.get("parameter_error_sd")),
                    String.format("%.3f ± %.3f", r.get("kl_bits_mean"), r.get("kl_bits_sd"))));
        }
        Page page = new Page("The recurrence problem in a population")
                .text("A source A drives a population P with internal connections; the teacher T drives P in the evoked phase. "
                        + "Per-neuron prediction (mse) absorbs the internal path into the source weights; matching the joint "
                        + "distribution with a critic (global: one critic on [A, P]; local: one per neuron on [A, parent, neuron]) "
                        + "recovers the teacher's weights.")
                .table(List.of("n", "method", "parameter error", "KL (bits)"), rows)
                .text(plan.seeds() + " seeds, " + plan.steps() + " steps each.");
        for (String f : figures) page.figure(out.resolve(f), f);
        page.write(out.resolve("index.html"));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
