package dev.phasic.training;

import dev.phasic.TestSupport;
import dev.phasic.evaluation.Activity;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collapse detector of architecture B: after a short training at a tiny width, every
 * layer's wake activity must still depend on the input. The spread is the across-batch
 * standard deviation of each unit, averaged over units, relative to the layer's RMS.
 * Under the paper's settings (ReLU samples, paper-width critics, one-step pairs only)
 * h3 and h4 fall to 0.100 and 0.078 within these 200 steps; the default recipe keeps
 * them at 0.150 and 0.139 (docs/METHODS.md). The top layer z is not checked here: it
 * starts to carry the input only later in training (the linear probe on z measures it).
 */
class CollapseTest {
    static final double BOUND = 0.11;

    static double[] spreads(TrainConfig config, int steps) {
        Session s = new Session(config);
        Trainer t = new Trainer(s, null, 0);
        for (int i = 0; i < steps; i++) {
            try (PointerScope scope = new PointerScope()) {
                t.trainStep(false);
            }
        }
        List<float[]> wake = Activity.wake(s.model, s.data.test(), 256, s.device);
        double[] out = new double[wake.size()];
        for (int l = 0; l < out.length; l++) out[l] = spread(wake.get(l), 256);
        return out;
    }

    /** Mean over units of the across-row std, divided by the root mean square of the layer. */
    static double spread(float[] rows, int n) {
        int d = rows.length / n;
        double sumStd = 0, sumSq = 0;
        for (int j = 0; j < d; j++) {
            double m = 0, q = 0;
            for (int i = 0; i < n; i++) {
                double v = rows[i * d + j];
                m += v;
                q += v * v;
            }
            m /= n;
            sumStd += Math.sqrt(Math.max(0, q / n - m * m));
            sumSq += q / n;
        }
        return (sumStd / d) / Math.sqrt(sumSq / d + 1e-12);
    }

    @Test
    void everyLayerKeepsDependingOnTheInput() {
        double[] s = spreads(TestSupport.tinyHierarchical(), 200);
        for (int l = 1; l < s.length - 1; l++) assertTrue(s[l] > BOUND, "layer " + l + " collapsed: spread " + s[l]);
    }
}
