package dev.phasic.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The wake/sleep overlap of Berkes et al. (2011), docs/DESIGN.md §4: activity quantised to the
 * nearest integer, 8 fixed units of the input and 8 of the top layer chosen by seed
 * (input units among those that vary in the wake data), 16-unit patterns counted under
 * wake and sleep, and the bias-corrected KL between the pattern distributions. The
 * Dirichlet prior spreads over the patterns seen in the pooled wake and sleep samples:
 * with Gaussian units quantised to ~7 levels the full product space (~10¹¹ patterns)
 * would let the α = 1 prior swamp any realistic sample, while Berkes' 16 binary units
 * had 2¹⁶. The split-half floor uses the same state space.
 */
public final class Overlap {
    public static final int UNITS_PER_LAYER = 8;

    private Overlap() {}

    public record Result(int[] inputUnits, int[] topUnits, BerkesKl.Estimate wakeSleep, BerkesKl.Estimate sleepWake,
                         BerkesKl.Estimate floor, double states, Map<Long, long[]> counts, int n) {}

    /**
     * @param wakeInput  (N × Dx) wake input activity; {@code wakeTop} (N × Dz) the top layer
     * @param sleepInput (M × Dx) and {@code sleepTop} (M × Dz) under sleep
     */
    public static Result measure(float[] wakeInput, float[] wakeTop, float[] sleepInput, float[] sleepTop,
                                 int dx, int dz, long seed) {
        int n = wakeInput.length / dx, m = sleepInput.length / dx;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] xUnits = pick(varying(wakeInput, dx, n), UNITS_PER_LAYER, rng);
        int[] zUnits = pick(all(dz), UNITS_PER_LAYER, rng);
        int[][] wq = quantise(wakeInput, dx, xUnits, wakeTop, dz, zUnits, n);
        int[][] sq = quantise(sleepInput, dx, xUnits, sleepTop, dz, zUnits, m);
        long[] wake = encode(wq), sleep = encode(sq);
        long[] wakeA = java.util.Arrays.copyOfRange(wake, 0, n / 2), wakeB = java.util.Arrays.copyOfRange(wake, n / 2, n);
        Map<Long, long[]> counts = new HashMap<>();
        for (long p : wake) counts.computeIfAbsent(p, k -> new long[2])[0]++;
        for (long p : sleep) counts.computeIfAbsent(p, k -> new long[2])[1]++;
        double states = counts.size();
        return new Result(xUnits, zUnits, BerkesKl.estimate(wake, sleep, states), BerkesKl.estimate(sleep, wake, states),
                BerkesKl.estimate(wakeA, wakeB, states), states, counts, n);
    }

    private static int[][] quantise(float[] x, int dx, int[] xUnits, float[] z, int dz, int[] zUnits, int n) {
        int[][] out = new int[n][xUnits.length + zUnits.length];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < xUnits.length; u++) out[i][u] = level(x[i * dx + xUnits[u]]);
            for (int u = 0; u < zUnits.length; u++) out[i][xUnits.length + u] = level(z[i * dz + zUnits[u]]);
        }
        return out;
    }

    /** Nearest integer, clamped to [-8, 7] so a pattern of 16 units packs into 64 bits. */
    static int level(float v) {
        return (int) Math.max(-8, Math.min(7, Math.round(v)));
    }

    private static long[] encode(int[][] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            long code = 0;
            for (int v : rows[i]) code = (code << 4) | (v + 8);
            out[i] = code;
        }
        return out;
    }

    private static List<Integer> varying(float[] x, int d, int n) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < d; u++) {
            int first = level(x[u]);
            for (int i = 1; i < n; i++) {
                if (level(x[i * d + u]) != first) {
                    out.add(u);
                    break;
                }
            }
        }
        return out.size() >= UNITS_PER_LAYER ? out : all(d);
    }

    private static List<Integer> all(int d) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < d; u++) out.add(u);
        return out;
    }

    private static int[] pick(List<Integer> candidates, int k, SplittableRandom rng) {
        List<Integer> c = new ArrayList<>(candidates);
        int[] out = new int[Math.min(k, c.size())];
        for (int i = 0; i < out.length; i++) out[i] = c.remove(rng.nextInt(c.size()));
        java.util.Arrays.sort(out);
        return out;
    }
}
