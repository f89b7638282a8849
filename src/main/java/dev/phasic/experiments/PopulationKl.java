package dev.phasic.experiments;

import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * KL (bits) between binned joint activity of the evoked and predictive phases. For
 * each neuron, the joint of its neighbourhood [A, P_parent, P_i] is binned in 8 equal
 * bins per dimension over the pooled 1st–99th percentiles (outliers clipped into the
 * end bins); the plug-in KL with add-½ smoothing is averaged over neurons. Joint
 * histograms of the whole population would need 8^(n+1) bins.
 */
public final class PopulationKl {
    static final int BINS = 8;

    private PopulationKl() {}

    /** Draws {@code n} samples per phase without disturbing the caller's noise stream. */
    public static double bits(Population pop, int n) {
        float[][] phases = new float[2][];
        Rng.preserving(() -> {
            try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
                phases[0] = Ops.toFloats(pop.evoked(pop.signal(n)));
                phases[1] = Ops.toFloats(pop.predictive(pop.signal(n)));
            }
        });
        float[] ev = phases[0], pr = phases[1];
        int width = 1 + pop.network().size();
        double total = 0;
        for (int i = 0; i < pop.network().size(); i++) {
            List<Integer> nb = pop.network().neighbourhood(i);
            int[] cols = new int[nb.size() + 1];
            for (int k = 0; k < nb.size(); k++) cols[k + 1] = 1 + nb.get(k);
            total += klBits(ev, pr, width, cols);
        }
        return total / pop.network().size();
    }

    /** Plug-in KL(P‖Q) in bits of the binned joint of {@code cols}; rows of {@code width} floats. */
    static double klBits(float[] p, float[] q, int width, int[] cols) {
        int np = p.length / width, nq = q.length / width;
        double[] lo = new double[cols.length], hi = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
            float[] pooled = new float[np + nq];
            for (int r = 0; r < np; r++) pooled[r] = p[r * width + cols[c]];
            for (int r = 0; r < nq; r++) pooled[np + r] = q[r * width + cols[c]];
            Arrays.sort(pooled);
            lo[c] = pooled[(int) (0.01 * (pooled.length - 1))];
            hi[c] = pooled[(int) (0.99 * (pooled.length - 1))];
            if (hi[c] <= lo[c]) hi[c] = lo[c] + 1e-6;
        }
        Map<Long, double[]> counts = new HashMap<>();
        for (int r = 0; r < np; r++) counts.computeIfAbsent(cell(p, r, width, cols, lo, hi), k -> new double[2])[0]++;
        for (int r = 0; r < nq; r++) counts.computeIfAbsent(cell(q, r, width, cols, lo, hi), k -> new double[2])[1]++;
        double cells = Math.pow(BINS, cols.length);
        double zp = np + 0.5 * cells, zq = nq + 0.5 * cells;
        double kl = 0, seenMass = 0;
        for (double[] c : counts.values()) {
            double pi = (c[0] + 0.5) / zp, qi = (c[1] + 0.5) / zq;
            kl += pi * Math.log(pi / qi);
            seenMass += pi;
        }
        double unseen = cells - counts.size();
        if (unseen > 0) {
            double pi = 0.5 / zp, qi = 0.5 / zq;
            kl += unseen * pi * Math.log(pi / qi);
        }
        return kl / Math.log(2);
    }

    private static long cell(float[] x, int r, int width, int[] cols, double[] lo, double[] hi) {
        long code = 0;
        for (int c = 0; c < cols.length; c++) {
            int b = (int) Math.floor((x[r * width + cols[c]] - lo[c]) / (hi[c] - lo[c]) * BINS);
            code = code * BINS + Math.max(0, Math.min(BINS - 1, b));
        }
        return code;
    }
}
