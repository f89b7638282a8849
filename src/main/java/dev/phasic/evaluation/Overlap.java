package dev.phasic.evaluation;

import dev.phasic.data.Batches;
import dev.phasic.data.ImageDataset;
import dev.phasic.models.HierarchicalModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Device;

/**
 * The wake/sleep overlap of Berkes et al. (2011), per layer, on binary patterns
 * (docs/DESIGN.md §4). In each layer {@code k} units are chosen by seed among the
 * informative ones (those whose wake activity falls on either side of its median often
 * enough), each is thresholded at its wake median (for a median value shared by many
 * samples, as the exact background of a digit image, see {@link #threshold}), and the k bits form a pattern of a
 * state space fixed by the design, 2^k states, so the KLs of two runs compare. The wake
 * pool is shuffled (by seed) before anything is split, so its halves and quarters are
 * alike. For every layer:
 * <ul>
 * <li>KL(wake‖sleep) and KL(sleep‖wake), bias-corrected by {@link BerkesKl};</li>
 * <li>the floor: the same estimator between the two halves of the wake pool;</li>
 * <li>the independent-units control: KL between the wake patterns and the same patterns
 * with each unit's bits permuted across samples on its own (the product of the wake
 * marginals), Berkes' test that correlations between units matter.</li>
 * </ul>
 */
public final class Overlap {
    /** Units per layer by default: 2^10 = 1024 states against 10,000 samples. */
    public static final int DEFAULT_UNITS = 10;
    /** A unit is informative when between this share and its complement of wake samples lie above its median. */
    static final double MIN_SHARE = 0.1;

    private Overlap() {}

    /** One layer's measurement: its units, thresholds and estimates, and the pattern counts (wake, sleep) for the scatter. */
    public record Layer(String name, int[] units, float[] thresholds, BerkesKl.Estimate wakeSleep,
                        BerkesKl.Estimate sleepWake, BerkesKl.Estimate floor, BerkesKl.Estimate independent,
                        Map<Long, long[]> counts) {}

    /** All layers, with the number of units per layer, the state count 2^k and the pool sizes. */
    public record Result(int unitsPerLayer, double states, int wakeSamples, int sleepSamples, List<Layer> layers) {
        public double meanKl() {
            return layers.stream().mapToDouble(l -> l.wakeSleep().bits()).average().orElse(Double.NaN);
        }

        public double meanFloor() {
            return layers.stream().mapToDouble(l -> l.floor().bits()).average().orElse(Double.NaN);
        }
    }

    /**
     * The overlap of a model's layers: wake activity of the first {@code n} images of
     * {@code pool} (shuffled inside) against {@code n} sleep samples, {@code k} units per layer.
     */
    public static Result of(HierarchicalModel model, ImageDataset pool, int n, int k,
                            long seed, Device device) {
        List<float[]> wake = Activity.wake(model, pool, n, device);
        return measure(model.layerNames(), wake, Activity.sleep(model, n, null), n, n, k, seed);
    }

    /**
     * @param names one per layer
     * @param wake  per layer, {@code n} rows of that layer's units (flattened); {@code sleep} the same with {@code m} rows
     */
    public static Result measure(List<String> names, List<float[]> wake, List<float[]> sleep, int n, int m, int k, long seed) {
        if (k < 1 || k > 30) throw new IllegalArgumentException("units per layer must lie in 1..30, found " + k);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = permutation(n, rng);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            int d = wake.get(l).length / n;
            if (d == 0 || sleep.get(l).length / m != d) throw new IllegalArgumentException("layer " + names.get(l) + " has no units or differs between phases");
            layers.add(layer(names.get(l), wake.get(l), sleep.get(l), n, m, d, k, order, rng));
        }
        return new Result(k, Math.pow(2, k), n, m, layers);
    }

    private static Layer layer(String name, float[] wake, float[] sleep, int n, int m, int d, int k, int[] order, SplittableRandom rng) {
        float[] median = new float[d];
        double[] share = new double[d];
        float[] column = new float[n];
        for (int u = 0; u < d; u++) {
            for (int i = 0; i < n; i++) column[i] = wake[i * d + u];
            float[] sorted = column.clone();
            Arrays.sort(sorted);
            median[u] = threshold(sorted);
            int above = 0;
            for (float v : column) if (v > median[u]) above++;
            share[u] = above / (double) n;
        }
        int[] units = pick(informative(share, k), k, rng);
        float[] thresholds = new float[units.length];
        for (int j = 0; j < units.length; j++) thresholds[j] = median[units[j]];
        long[] w = new long[n];
        for (int i = 0; i < n; i++) w[i] = pattern(wake, order[i], d, units, thresholds);
        long[] s = new long[m];
        for (int i = 0; i < m; i++) s[i] = pattern(sleep, i, d, units, thresholds);
        double states = Math.pow(2, units.length);
        long[] halfA = Arrays.copyOfRange(w, 0, n / 2), halfB = Arrays.copyOfRange(w, n / 2, n);
        Map<Long, long[]> counts = new HashMap<>();
        for (long p : w) counts.computeIfAbsent(p, x -> new long[2])[0]++;
        for (long p : s) counts.computeIfAbsent(p, x -> new long[2])[1]++;
        return new Layer(name, units, thresholds, BerkesKl.estimate(w, s, states), BerkesKl.estimate(s, w, states),
                BerkesKl.estimate(halfA, halfB, states), BerkesKl.estimate(w, independent(w, units.length, rng), states), counts);
    }

    /**
     * The median of sorted values; when many samples share the median value (a digit's
     * exact background, a binary unit), the point halfway between that value and the
     * median of the values on one side of it, the side that splits the samples more
     * evenly. A pixel that is exactly −1 in 60% of the images is thus "on" above about
     * halfway to its typical ink value, not above −1 + ε, which no generated pixel (a
     * squashed sample) would ever fall below.
     */
    static float threshold(float[] sorted) {
        int n = sorted.length, mid = (n - 1) / 2;
        float m = sorted[mid];
        int lo = mid, hi = mid;
        while (lo > 0 && sorted[lo - 1] == m) lo--;
        while (hi < n && sorted[hi] == m) hi++;
        if (hi - lo == 1 && hi < n) return m;                     // no tie: the median itself
        double shareIfAbove = (n - hi) / (double) n, shareIfIncluded = (n - lo) / (double) n;
        boolean up = hi < n && (lo == 0 || Math.abs(shareIfAbove - 0.5) <= Math.abs(shareIfIncluded - 0.5));
        if (up) return (m + sorted[hi + (n - 1 - hi) / 2]) / 2;
        return lo > 0 ? (sorted[(lo - 1) / 2] + m) / 2 : m;
    }

    /** Bit j of the pattern is unit {@code units[j]} of row {@code row} above its threshold. */
    private static long pattern(float[] x, int row, int d, int[] units, float[] thresholds) {
        long code = 0;
        for (int j = 0; j < units.length; j++) if (x[row * d + units[j]] > thresholds[j]) code |= 1L << j;
        return code;
    }

    /** The same patterns with each bit's column permuted on its own: samples of the product of the marginals. */
    static long[] independent(long[] patterns, int bits, SplittableRandom rng) {
        long[] out = new long[patterns.length];
        for (int j = 0; j < bits; j++) {
            int[] perm = permutation(patterns.length, rng);
            for (int i = 0; i < out.length; i++) out[i] |= patterns[perm[i]] & (1L << j);
        }
        return out;
    }

    /** Units whose above-median share lies in [MIN_SHARE, 1 − MIN_SHARE]; when fewer than k, the k most balanced. */
    private static List<Integer> informative(double[] share, int k) {
        List<Integer> out = new ArrayList<>();
        for (int u = 0; u < share.length; u++) if (share[u] >= MIN_SHARE && share[u] <= 1 - MIN_SHARE) out.add(u);
        if (out.size() >= k) return out;
        List<Integer> all = new ArrayList<>();
        for (int u = 0; u < share.length; u++) all.add(u);
        all.sort((a, b) -> Double.compare(Math.abs(share[a] - 0.5), Math.abs(share[b] - 0.5)));
        return all.subList(0, Math.min(k, all.size()));
    }

    private static int[] pick(List<Integer> candidates, int k, SplittableRandom rng) {
        List<Integer> c = new ArrayList<>(candidates);
        int[] out = new int[Math.min(k, c.size())];
        for (int i = 0; i < out.length; i++) out[i] = c.remove(rng.nextInt(c.size()));
        Arrays.sort(out);
        return out;
    }

    /** A Fisher–Yates permutation of 0 … n−1 from {@code rng} (the data order's, as ints). */
    public static int[] permutation(int n, SplittableRandom rng) {
        return Arrays.stream(Batches.shuffled(n, rng)).mapToInt(v -> (int) v).toArray();
    }
}
