package dev.phasic.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * How far a number measured over seeds can be trusted: mean, standard deviation and the 95%
 * confidence interval of the mean (Student's t, for small n), Welch's t test between two
 * groups, and Holm's correction of several p-values (Apache Commons Math's t distribution).
 */
public final class Spread {
    private Spread() {}

    /** The alternative of a test of mean(a) against mean(b). */
    public enum Alternative { TWO_SIDED, GREATER, LESS }

    /** {@code n} values: mean, sample standard deviation, and the 95% interval (NaN for n &lt; 2: no interval). */
    public record Summary(int n, double mean, double sd, double low, double high) {
        public static Summary of(double[] values) {
            int n = values.length;
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            if (n < 2) return new Summary(n, mean, Double.NaN, Double.NaN, Double.NaN);
            double ss = 0;
            for (double v : values) ss += (v - mean) * (v - mean);
            double sd = Math.sqrt(ss / (n - 1));
            double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
            return new Summary(n, mean, sd, mean - half, mean + half);
        }

        public boolean hasInterval() {
            return n >= 2;
        }
    }

    /** Welch's t statistic, its Welch–Satterthwaite degrees of freedom and the p-value of the alternative. */
    public record Welch(double t, double df, double p) {}

    /** Welch's unequal-variance t test of mean(a) against mean(b); both need at least two values. */
    public static Welch welch(double[] a, double[] b, Alternative alternative) {
        if (a.length < 2 || b.length < 2) throw new IllegalArgumentException("Welch's test needs two values per group");
        Summary x = Summary.of(a), y = Summary.of(b);
        double va = x.sd() * x.sd() / a.length, vb = y.sd() * y.sd() / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            double diff = x.mean() - y.mean();
            double t = diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
            return new Welch(t, a.length + b.length - 2, pValue(t, 1, alternative));
        }
        double t = (x.mean() - y.mean()) / se;
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return new Welch(t, df, pValue(t, df, alternative));
    }

    private static double pValue(double t, double df, Alternative alternative) {
        if (t == 0 && alternative == Alternative.TWO_SIDED) return 1;
        TDistribution dist = new TDistribution(df);
        double upper = Double.isInfinite(t) ? (t > 0 ? 0 : 1) : 1 - dist.cumulativeProbability(t);
        return switch (alternative) {
            case GREATER -> upper;
            case LESS -> 1 - upper;
            case TWO_SIDED -> Math.min(1, 2 * Math.min(upper, 1 - upper));
        };
    }

    /**
     * Holm's step-down adjustment of {@code p} (family-wise error across them): the i-th
     * smallest times (m − i), made monotone, capped at 1; in the input's order.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] out = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            out[i] = running;
        }
        return out;
    }
}
