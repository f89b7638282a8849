package dev.phasic.evaluation;

import java.util.HashMap;
import java.util.Map;

/**
 * The KL divergence between two distributions of discrete activity patterns, estimated
 * as Berkes et al. (2011) did (docs/DESIGN.md §4): the posterior mean of KL(P‖Q) under
 * independent Dirichlet(α = 1) posteriors over all {@code states} patterns, computed on
 * all samples, on halves and on quarters, then extrapolated to infinite data by the
 * quadratic in 1/N through those three points. Results are in bits.
 */
public final class BerkesKl {
    private static final double ALPHA = 1.0;

    private BerkesKl() {}

    /** Estimates at N, N/2 and N/4, the extrapolation, and the plug-in value on all data. */
    public record Estimate(double bits, double allData, double halves, double quarters, double plugIn) {}

    public static Estimate estimate(long[] p, long[] q, double states) {
        double all = posteriorMean(p, 0, p.length, q, 0, q.length, states);
        double halves = average(p, q, states, 2);
        double quarters = average(p, q, states, 4);
        // KL(N) = a + b/N + c/N²; with x = 1/N at x, 2x, 4x the intercept is:
        double a = (8 * all - 6 * halves + quarters) / 3;
        return new Estimate(a, all, halves, quarters, plugIn(p, q));
    }

    /** Average of the posterior-mean estimates over {@code parts} disjoint parts of both samples. */
    private static double average(long[] p, long[] q, double states, int parts) {
        double sum = 0;
        for (int k = 0; k < parts; k++) {
            int pa = p.length * k / parts, pb = p.length * (k + 1) / parts;
            int qa = q.length * k / parts, qb = q.length * (k + 1) / parts;
            sum += posteriorMean(p, pa, pb, q, qa, qb, states);
        }
        return sum / parts;
    }

    /**
     * E[KL(P‖Q)] for P ~ Dir(n + α), Q ~ Dir(m + α):
     * Σ_i (a_i/A)·[ψ(a_i + 1) − ψ(A + 1) − ψ(b_i) + ψ(B)], with the unobserved states summed in closed form.
     */
    static double posteriorMean(long[] p, int pa, int pb, long[] q, int qa, int qb, double states) {
        Map<Long, long[]> counts = new HashMap<>();
        for (int i = pa; i < pb; i++) counts.computeIfAbsent(p[i], k -> new long[2])[0]++;
        for (int i = qa; i < qb; i++) counts.computeIfAbsent(q[i], k -> new long[2])[1]++;
        if (counts.size() > states) throw new IllegalArgumentException(counts.size() + " patterns exceed " + states + " states");
        double bigA = (pb - pa) + ALPHA * states;
        double bigB = (qb - qa) + ALPHA * states;
        double psiA1 = digamma(bigA + 1), psiB = digamma(bigB);
        double kl = 0;
        for (long[] c : counts.values()) {
            double ai = c[0] + ALPHA, bi = c[1] + ALPHA;
            kl += ai / bigA * (digamma(ai + 1) - psiA1 - digamma(bi) + psiB);
        }
        double unseen = states - counts.size();
        kl += unseen * ALPHA / bigA * (digamma(ALPHA + 1) - psiA1 - digamma(ALPHA) + psiB);
        return kl / Math.log(2);
    }

    /** The naive plug-in estimate (bits), skipping patterns Q never showed: biased, for comparison only. */
    public static double plugIn(long[] p, long[] q) {
        Map<Long, long[]> counts = new HashMap<>();
        for (long x : p) counts.computeIfAbsent(x, k -> new long[2])[0]++;
        for (long x : q) counts.computeIfAbsent(x, k -> new long[2])[1]++;
        double kl = 0;
        for (long[] c : counts.values()) {
            if (c[0] == 0 || c[1] == 0) continue;
            double pi = c[0] / (double) p.length, qi = c[1] / (double) q.length;
            kl += pi * Math.log(pi / qi);
        }
        return kl / Math.log(2);
    }

    /** ψ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
    static double digamma(double x) {
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        return result + Math.log(x) - 0.5 / x
                - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }
}
