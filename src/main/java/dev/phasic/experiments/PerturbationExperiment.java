package dev.phasic.experiments;

import dev.phasic.UserError;
import dev.phasic.data.ImageDataset;
import dev.phasic.evaluation.Activity;
import dev.phasic.evaluation.Overlap;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import dev.phasic.torch.Devices;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * {@code phasic experiment perturbation}: the paper's §4.4 proposal to silence activity in
 * one phase during learning and see whether the other phase moves to match. Two networks
 * train from the same seed: one with a chosen set of units of one layer clamped to zero
 * in the generative phase only ({@link Silenced}), one unperturbed. At regular steps both
 * record, on held-out inputs, the wake (q) activity of the silenced units and of the
 * other units of that layer (mean square, so that zero means silent), and the binary
 * Berkes KL(wake‖sleep) restricted to the silenced units.
 */
public final class PerturbationExperiment {
    private PerturbationExperiment() {}

    /** {@code fraction} of layer {@code layer}'s units silenced, chosen by the base config's seed. */
    public record Plan(TrainConfig base, String layer, double fraction, long steps, long every, int samples) {}

    public static Map<String, Object> run(Plan plan, Path out, PrintStream log) throws IOException {
        AtomicFile.createFolders(out);
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, List<double[]>> perturbed = new LinkedHashMap<>(), control = new LinkedHashMap<>();
        int[][] chosen = new int[1][];
        int[] layerIndex = new int[1];
        perturbed.putAll(train(plan, true, chosen, layerIndex, log));
        control.putAll(train(plan, false, chosen, layerIndex, log));
        metrics.put("recipe", plan.base().recipe());
        metrics.put("objective", plan.base().objective().cliName);
        metrics.put("layer", plan.layer());
        metrics.put("silenced_units", chosen[0]);
        metrics.put("steps", plan.steps());
        metrics.put("every", plan.every());
        metrics.put("seed", plan.base().run().seed());
        metrics.put("perturbed", table(perturbed));
        metrics.put("unperturbed", table(control));
        Json.write(out.resolve("metrics.json"), metrics);

        Map<String, List<double[]>> activity = new LinkedHashMap<>();
        activity.put("silenced units (perturbed run)", perturbed.get("silenced"));
        activity.put("other units (perturbed run)", perturbed.get("others"));
        activity.put("same silenced units (unperturbed run)", control.get("silenced"));
        activity.put("other units (unperturbed run)", control.get("others"));
        Path act = out.resolve("wake-activity.png");
        Charts.lines(act, "Wake activity of layer " + plan.layer() + " (mean square)", "step", "mean of h²", activity);
        Map<String, List<double[]>> kl = new LinkedHashMap<>();
        kl.put("perturbed run", perturbed.get("kl"));
        kl.put("unperturbed run", control.get("kl"));
        kl.put("perturbed run (floor)", perturbed.get("floor"));
        Path klPng = out.resolve("kl-silenced.png");
        Charts.lines(klPng, "KL(wake‖sleep) of the silenced units' binary patterns", "step", "bits", kl);
        double[] pLast = last(perturbed), cLast = last(control);
        new Page("Silencing units in the generative phase")
                .text(String.format("%d of layer %s's units are clamped to zero wherever p generates that layer, from step 1; "
                        + "the wake phase is untouched. Does wake activity of those units move toward zero to match?",
                        chosen[0].length, plan.layer()))
                .table(List.of("run", "silenced units: wake mean h² (last)", "other units (last)", "KL silenced (bits, last)"),
                        List.of(List.of("perturbed", f(pLast[0]), f(pLast[1]), f(pLast[2])),
                                List.of("unperturbed", f(cLast[0]), f(cLast[1]), f(cLast[2]))))
                .figure(act, "Mean square wake activity of the silenced units and of the others, in the perturbed run and in "
                        + "an unperturbed run from the same seed.")
                .figure(klPng, "Binary Berkes KL between wake and sleep patterns of the silenced units.")
                .write(out.resolve("index.html"));
        return metrics;
    }

    /** Trains one network (perturbed or not) and returns curves: silenced, others, kl, floor, each (step, value). */
    private static Map<String, List<double[]>> train(Plan plan, boolean perturb, int[][] chosen, int[] layerIndex, PrintStream log) {
        TrainConfig config = plan.base().withLength(plan.steps(), 0);
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        for (String k : List.of("silenced", "others", "kl", "floor")) curves.put(k, new ArrayList<>());
        Session s = new Session(config, d -> d, m -> {
            int l = m.layerNames().indexOf(plan.layer());
            if (l <= 0) throw new UserError("--layer must name a layer above the input: one of " + m.layerNames().subList(1, m.layerNames().size()));
            layerIndex[0] = l;
            long[][] shape = new long[1][];
            try (NoGradGuard g = new NoGradGuard()) {
                Rng.preserving(() -> shape[0] = Ops.shape(m.sleep(1).get(l)));    // the layer's shape, no noise consumed
            }
            long d = 1;
            for (int i = 1; i < shape[0].length; i++) d *= shape[0][i];
            int k = (int) Math.max(1, Math.round(plan.fraction() * d));
            if (k >= d) throw new UserError("--fraction leaves no control units in layer " + plan.layer());
            int[] perm = Overlap.permutation((int) d, new SplittableRandom(config.run().seed() * 31 + l));
            chosen[0] = Arrays.copyOf(perm, k);
            Arrays.sort(chosen[0]);
            return perturb ? new Silenced(m, l, Silenced.mask(shape[0], chosen[0], Devices.parse(config.run().device()))) : m;
        });
        ImageDataset held = s.data.test();
        int n = Math.min(plan.samples(), held.count());
        int[] silenced = chosen[0];
        Lab.train(s, plan.steps(), plan.every(), perturb ? "perturbed" : "unperturbed", log, step -> {
            List<float[]> wake = Activity.wake(s.model, held, n, s.device);
            float[] a = wake.get(layerIndex[0]);
            int d = a.length / n;
            boolean[] isSilenced = new boolean[d];
            for (int u : silenced) isSilenced[u] = true;
            double sq = 0, sqOther = 0;
            for (int i = 0; i < n; i++) {
                for (int u = 0; u < d; u++) {
                    double v = a[i * d + u];
                    if (isSilenced[u]) sq += v * v; else sqOther += v * v;
                }
            }
            curves.get("silenced").add(new double[] {step, sq / ((double) n * silenced.length)});
            curves.get("others").add(new double[] {step, sqOther / ((double) n * (d - silenced.length))});
            float[] sleep = Activity.sleep(s.model, n, new int[] {layerIndex[0]}).get(layerIndex[0]);
            Overlap.Result o = Overlap.measure(List.of(plan.layer()), List.of(columns(a, d, silenced)), List.of(columns(sleep, d, silenced)),
                    n, n, Math.min(Overlap.DEFAULT_UNITS, silenced.length), config.run().seed());
            curves.get("kl").add(new double[] {step, o.layers().get(0).wakeSleep().bits()});
            curves.get("floor").add(new double[] {step, o.layers().get(0).floor().bits()});
        });
        return curves;
    }

    /** The columns {@code units} of an (n × d) array. */
    private static float[] columns(float[] a, int d, int[] units) {
        int n = a.length / d;
        float[] out = new float[n * units.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < units.length; j++) out[i * units.length + j] = a[i * d + units[j]];
        return out;
    }

    private static List<Map<String, Object>> table(Map<String, List<double[]>> curves) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < curves.get("kl").size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", (long) curves.get("kl").get(i)[0]);
            r.put("wake_mean_square_silenced", curves.get("silenced").get(i)[1]);
            r.put("wake_mean_square_others", curves.get("others").get(i)[1]);
            r.put("kl_silenced_bits", curves.get("kl").get(i)[1]);
            r.put("floor_silenced_bits", curves.get("floor").get(i)[1]);
            rows.add(r);
        }
        return rows;
    }

    private static double[] last(Map<String, List<double[]>> c) {
        int i = c.get("kl").size() - 1;
        return new double[] {c.get("silenced").get(i)[1], c.get("others").get(i)[1], c.get("kl").get(i)[1]};
    }

    private static String f(double v) {
        return String.format("%.4f", v);
    }
}
