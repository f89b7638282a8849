package dev.phasic.evaluation;

import dev.phasic.data.ImageDataset;
import dev.phasic.io.Json;
import dev.phasic.io.Progress;
import dev.phasic.report.Charts;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the measurements of docs/DESIGN.md §4 on a trained session: classifier accuracy,
 * reconstruction error and identity, sample Fréchet distance and class histogram,
 * Berkes wake/sleep overlap per layer with its floor and control, linear probes per layer.
 */
public final class Evaluation {
    /** Wake and sleep samples for the overlap in a full evaluation. */
    public static final int BERKES_SAMPLES = 10000;
    private Evaluation() {}

    /** Flat metrics for metrics.json and compare tables, plus the Berkes result for its figure. */
    public record Report(Map<String, Object> metrics, Overlap.Result overlap) {
        public void write(Path dir) throws IOException {
            Files.createDirectories(dir);
            Json.write(dir.resolve("metrics.json"), metrics);
            if (overlap != null) writeScatter(dir.resolve("berkes.png"), overlap);
        }
    }

    /** Everything, on {@code n} test images and as many samples; probes train on up to 4000 training images. */
    public static Report run(Trained s, int n, PrintStream log) throws IOException {
        return run(s, n, true, Classifiers.forData(s.data().train(), s.data().test(), s.device(), log), log);
    }

    /**
     * As above with an already loaded classifier, so repeated evaluations neither reload nor
     * re-score it; {@code full = false} skips the probes (the cheap version used during
     * training); one progress line per stage on {@code log} (null: quiet).
     */
    public static Report run(Trained s, int n, boolean full, Classifiers.Trained judge, PrintStream log) throws IOException {
        ImageDataset test = s.data().test();
        int count = Math.min(n, test.count());
        Progress stages = new Progress(log, 0, full ? 4 : 3, "stage");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_accuracy", round(judge.testAccuracy()));
        Reconstruction.Result rec = Reconstruction.measure(s.model(), judge.model(), test, count, s.device());
        m.put("reconstruction_mse", round(rec.mse()));
        m.put("reconstruction_class_agreement", round(rec.classAgreement()));
        stages.update(1, Map.of());
        List<String> layerNames = s.model().layerNames();
        for (int l = 1; l < layerNames.size() - 1; l++) { // the top layer's pair is the one above
            m.put("reconstruction_mse_from." + layerNames.get(l), round(rec.mseFrom()[l - 1]));
            m.put("reconstruction_class_agreement_from." + layerNames.get(l), round(rec.agreementFrom()[l - 1]));
        }
        SampleQuality.Result sq = SampleQuality.measure(s.model(), judge.model(), test, count, s.device());
        m.put("sample_frechet", round(sq.frechet()));
        m.put("sample_class_entropy_bits", round(sq.classEntropyBits()));
        m.put("sample_class_histogram", sq.classHistogram());
        stages.update(2, Map.of());

        List<float[]> wake = Activity.wake(s.model(), test, count, s.device());
        // the overlap needs many samples: test images, then training images, up to BERKES_SAMPLES (shuffled inside)
        ImageDataset pool = test.concat(s.data().train());
        int nb = full ? Math.max(count, Math.min(BERKES_SAMPLES, pool.count())) : count;
        List<float[]> berkesWake = nb == count ? wake : Activity.wake(s.model(), pool, nb, s.device()); // the test images' activity serves when it is enough
        Overlap.Result o = Overlap.measure(s.model().layerNames(), berkesWake, Activity.sleep(s.model(), nb, null), nb, nb,
                Overlap.DEFAULT_UNITS, s.config().run().seed());
        putOverlap(m, o);
        stages.update(3, Map.of());

        if (full) {
            ImageDataset train = s.data().train();
            int nTrain = Math.min(4000, train.count());
            List<float[]> trainWake = Activity.wake(s.model(), train, nTrain, s.device());
            double[] acc = Probes.perLayer(trainWake, train.labels(), nTrain, wake, test.labels(), count, s.device());
            List<String> names = s.model().layerNames();
            for (int l = 0; l < acc.length; l++) m.put("probe_accuracy." + names.get(l), round(acc[l]));
            stages.update(4, Map.of());
        }
        stages.finish();
        m.put("evaluated_images", count);
        return new Report(m, o);
    }

    /**
     * The Berkes overlap's entries of metrics.json: per layer (KL both ways, split-half floor,
     * independent-units control, units and thresholds), and the mean KL and floor over layers.
     */
    public static void putOverlap(Map<String, Object> m, Overlap.Result o) {
        m.put("berkes_kl_bits", round(o.meanKl()));
        m.put("berkes_floor_bits", round(o.meanFloor()));
        m.put("berkes_units_per_layer", o.unitsPerLayer());
        m.put("berkes_states", o.states());
        m.put("berkes_samples", o.wakeSamples());
        for (Overlap.Layer l : o.layers()) {
            String p = "berkes." + l.name() + ".";
            m.put(p + "kl_bits", round(l.wakeSleep().bits()));
            m.put(p + "kl_reverse_bits", round(l.sleepWake().bits()));
            m.put(p + "floor_bits", round(l.floor().bits()));
            m.put(p + "independent_bits", round(l.independent().bits()));
            m.put(p + "kl_plugin_bits", round(l.wakeSleep().plugIn()));
            m.put(p + "units", l.units());
        }
    }

    /** One panel per layer: each pattern's wake frequency against its sleep frequency. */
    static void writeScatter(Path png, Overlap.Result o) throws IOException {
        Map<String, double[][]> panels = new LinkedHashMap<>();
        for (Overlap.Layer l : o.layers()) {
            double[][] xy = new double[2][l.counts().size()];
            int i = 0;
            for (long[] c : l.counts().values()) {
                xy[0][i] = c[0] / (double) o.wakeSamples();
                xy[1][i++] = c[1] / (double) o.sleepSamples();
            }
            panels.put(String.format("%s: KL %.2f bits (floor %.2f, independent %.2f)", l.name(),
                    l.wakeSleep().bits(), l.floor().bits(), l.independent().bits()), xy);
        }
        Charts.logLogPanels(png, String.format("Wake vs sleep frequency of each %d-unit binary pattern", o.unitsPerLayer()),
                "wake frequency", "sleep frequency", panels, 0.5 / Math.max(o.wakeSamples(), o.sleepSamples()));
    }

    public static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
