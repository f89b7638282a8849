package dev.phasic.experiments;

import dev.phasic.UserError;
import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.data.Mnist;
import dev.phasic.evaluation.Activity;
import dev.phasic.evaluation.Auroc;
import dev.phasic.evaluation.Spearman;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import dev.phasic.models.Critic;
import dev.phasic.objectives.Eq4GlobalWakeSleep;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import dev.phasic.torch.Ops;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * {@code phasic experiment surprise} and {@code oscillation-power}: the paper's §4.1–4.2
 * predictions, measured on a trained network shown familiar and unfamiliar inputs.
 * <ul>
 * <li>Surprise: each critic's score of the wake activity it sees (one per layer for the
 * local objectives, the joint critic for wake/sleep). Critics score wake activity of the
 * training distribution high, so the surprise signal is the negated score.</li>
 * <li>Oscillation power: per layer below the top, the mean over units of
 * {@code (h_l − ĥ_l)²}, the squared difference between the wake activity and its
 * top-down prediction from the wake activity one layer up (the amplitude of the phase
 * alternation); also divided by the layer's wake variance on familiar inputs so layers
 * compare.</li>
 * </ul>
 * Sets: familiar test images (the trained classes), the held-out classes' test images,
 * the familiar images inverted, uniform noise, and a novel dataset ({@code --novel}).
 * For every signal and unfamiliar set: the AUROC of "unfamiliar above familiar".
 */
public final class SignalsExperiment {
    private static final int BATCH = 250;

    private SignalsExperiment() {}

    public enum Kind { SURPRISE, OSCILLATION_POWER }

    /** The trained session, the trained classes (null: all), images per set, an optional novel dataset. */
    public record Plan(Kind kind, Session session, boolean[] classes, int n, String novel, String source) {}

    /** A session trained here on {@code classes} (null: all) of the base recipe's data for {@code steps}. */
    public static Session train(TrainConfig base, boolean[] classes, long steps, PrintStream log) {
        TrainConfig config = base.withLength(steps, 0);
        Session s = new Session(config, d -> classes == null ? d
                : new Mnist.Splits(d.train().select(c -> c < 10 && classes[c], "train-classes"), d.test()),
                m -> m);
        if (s.data.train().count() < config.optimiser().batchSize()) throw new UserError("the chosen classes hold fewer images than a batch");
        Lab.train(s, steps, Math.max(1, steps / 5), "training on " + (classes == null ? "all classes" : "the chosen classes"), log, step -> {});
        return s;
    }

    public static Map<String, Object> run(Plan plan, Path out, PrintStream log) throws IOException {
        AtomicFile.createFolders(out);
        Session s = plan.session();
        ImageDataset test = s.data.test();
        boolean[] in = plan.classes();
        Map<String, ImageDataset> sets = new LinkedHashMap<>();
        ImageDataset familiar = in == null ? test : test.select(c -> c < 10 && in[c], "familiar");
        sets.put("familiar", familiar.head(plan.n()));
        if (in != null) sets.put("held-out classes", test.select(c -> c >= 10 || !in[c], "held-out").head(plan.n()));
        sets.put("inverted", familiar.head(plan.n()).inverted());
        sets.put("noise", familiar.noise(Math.min(plan.n(), familiar.count()), s.config.run().seed()));
        if (plan.novel() != null) {
            ImageDataset novel = s.recipe.data(s.config.with("data", plan.novel())).test();
            if (novel.imageSize() != familiar.imageSize()) {
                throw new UserError("--novel images are " + novel.channels() + "×" + novel.height() + "×" + novel.width()
                        + ", the network reads " + familiar.channels() + "×" + familiar.height() + "×" + familiar.width());
            }
            sets.put("novel (" + Path.of(plan.novel()).getFileName() + ")", novel.head(plan.n()));
        }
        sets.values().forEach(d -> { if (d.count() == 0) throw new UserError("a set of inputs is empty: " + d.name()); });

        List<String> layers = s.model.layerNames();
        Map<String, Map<String, double[]>> signals = new LinkedHashMap<>(); // set → signal → per input
        for (Map.Entry<String, ImageDataset> e : sets.entrySet()) signals.put(e.getKey(), measure(s, e.getValue()));
        double[] wakeVariance = wakeVariance(s, sets.get("familiar"));

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("source", plan.source());
        metrics.put("classes", in == null ? "all" : classList(in));
        metrics.put("images_per_set", plan.n());
        Map<String, Object> means = new LinkedHashMap<>(), aurocs = new LinkedHashMap<>();
        Map<String, double[]> familiarSignals = signals.get("familiar");
        for (Map.Entry<String, Map<String, double[]>> e : signals.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>(), a = new LinkedHashMap<>();
            e.getValue().forEach((signal, values) -> {
                m.put(signal, PopulationExperiment.mean(values));
                if (!e.getKey().equals("familiar")) a.put(signal, Auroc.of(values, familiarSignals.get(signal)));
            });
            for (int l = 0; l < layers.size() - 1; l++) {
                String key = "oscillation." + layers.get(l);
                m.put(key + ".relative", PopulationExperiment.mean(e.getValue().get(key)) / wakeVariance[l]);
            }
            means.put(e.getKey(), m);
            if (!a.isEmpty()) aurocs.put(e.getKey(), a);
        }
        metrics.put("mean", means);
        metrics.put("auroc_unfamiliar_above_familiar", aurocs);
        metrics.put("spearman_oscillation_vs_surprise", correlations(signals, layers));
        Json.write(out.resolve("metrics.json"), metrics);
        page(plan, out, layers, metrics, aurocs);
        return metrics;
    }

    /** Per input: {@code surprise.<critic>} (negated score) and {@code oscillation.<layer>} for layers below the top. */
    private static Map<String, double[]> measure(Session s, ImageDataset d) {
        Map<String, List<float[]>> parts = new LinkedHashMap<>();
        List<String> layers = s.model.layerNames();
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < d.count(); start += BATCH) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor x = Images.batch(d, start, Math.min(BATCH, d.count() - start), s.device);
                    var pass = s.model.wakePass(x);
                    for (Map.Entry<String, Critic> c : s.objective.critics().entrySet()) {
                        int l = layers.indexOf(c.getKey());
                        Tensor input = l >= 0 ? pass.wake().get(l) : Eq4GlobalWakeSleep.joint(pass.wake());
                        parts.computeIfAbsent("surprise." + c.getKey(), k -> new ArrayList<>())
                             .add(Ops.toFloats(c.getValue().forward(input).score().neg()));
                    }
                    for (int l = 0; l < layers.size() - 1; l++) {
                        Tensor diff = Ops.flatten(pass.wake().get(l).sub(pass.oscillation().get(l)));
                        parts.computeIfAbsent("oscillation." + layers.get(l), k -> new ArrayList<>())
                             .add(Ops.toFloats(diff.square().mean(new long[] {1}, false, new ScalarTypeOptional())));
                    }
                }
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        parts.forEach((k, v) -> {
            int n = v.stream().mapToInt(a -> a.length).sum(), at = 0;
            double[] all = new double[n];
            for (float[] a : v) for (float f : a) all[at++] = f;
            out.put(k, all);
        });
        return out;
    }

    /** Per layer, the mean over units of the wake activity's variance across the familiar inputs. */
    private static double[] wakeVariance(Session s, ImageDataset familiar) {
        List<float[]> wake = Activity.wake(s.model, familiar, familiar.count(), s.device);
        double[] out = new double[wake.size()];
        int n = familiar.count();
        for (int l = 0; l < wake.size(); l++) {
            float[] a = wake.get(l);
            int d = a.length / n;
            double total = 0;
            for (int u = 0; u < d; u++) {
                double sum = 0, sq = 0;
                for (int i = 0; i < n; i++) { double v = a[i * d + u]; sum += v; sq += v * v; }
                total += sq / n - (sum / n) * (sum / n);
            }
            out[l] = Math.max(total / d, 1e-12);
        }
        return out;
    }

    /** Per layer below the top with its own critic: Spearman correlation of oscillation power and surprise over all inputs. */
    private static Map<String, Double> correlations(Map<String, Map<String, double[]>> signals, List<String> layers) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int l = 0; l < layers.size() - 1; l++) {
            String osc = "oscillation." + layers.get(l), sur = "surprise." + layers.get(l);
            if (!signals.get("familiar").containsKey(sur)) continue;
            List<Double> a = new ArrayList<>(), b = new ArrayList<>();
            for (Map<String, double[]> set : signals.values()) {
                for (double v : set.get(osc)) a.add(v);
                for (double v : set.get(sur)) b.add(v);
            }
            out.put(layers.get(l), Spearman.of(a.stream().mapToDouble(Double::doubleValue).toArray(),
                    b.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void page(Plan plan, Path out, List<String> layers, Map<String, Object> metrics,
                             Map<String, Object> aurocs) throws IOException {
        boolean surprise = plan.kind() == Kind.SURPRISE;
        Page page = new Page(surprise ? "Critics as surprise signals" : "Oscillation power against surprise")
                .text("Network: " + plan.source() + "; trained classes: " + metrics.get("classes") + "; "
                        + plan.n() + " images per set. AUROC: the probability that an unfamiliar input's signal exceeds a "
                        + "familiar one's (0.5: no separation; below 0.5: the signal runs the other way).");
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        aurocs.forEach((set, byKey) -> ((Map<String, Double>) byKey).forEach((signal, v) -> {
            if (signal.startsWith(surprise ? "surprise." : "oscillation.")) {
                bars.computeIfAbsent(set, k -> new LinkedHashMap<>()).put(signal, v);
                rows.add(List.of(set, signal, String.format("%.3f", v)));
            }
        }));
        page.table(List.of("unfamiliar set", "signal", "AUROC"), rows);
        Path auc = out.resolve("auroc.png");
        Charts.bars(auc, "AUROC: unfamiliar above familiar, per signal", bars);
        page.figure(auc, "AUROC of each signal for each unfamiliar set against familiar test images.");
        Map<String, List<double[]>> power = new LinkedHashMap<>();
        ((Map<String, Object>) metrics.get("mean")).forEach((set, m) -> {
            List<double[]> pts = new ArrayList<>();
            for (int l = 0; l < layers.size() - 1; l++) {
                pts.add(new double[] {l, (Double) ((Map<String, Object>) m).get("oscillation." + layers.get(l) + ".relative")});
            }
            power.put(set, pts);
        });
        Path pw = out.resolve("oscillation-power.png");
        Charts.lines(pw, "Oscillation power per layer (0 = " + layers.get(0) + "), relative to familiar wake variance",
                "layer", "mean (h − ĥ)² / wake variance", power);
        page.figure(pw, "Mean squared difference between each layer's wake activity and its top-down prediction, "
                + "divided by the layer's wake variance on familiar inputs, from the input (0) up.");
        page.text("Spearman correlation of oscillation power with the same layer's critic surprise, over all inputs: "
                + metrics.get("spearman_oscillation_vs_surprise"));
        page.write(out.resolve("index.html"));
    }

    private static String classList(boolean[] in) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < in.length; c++) if (in[c]) b.append(b.length() > 0 ? "," : "").append(c);
        return b.toString();
    }
}
