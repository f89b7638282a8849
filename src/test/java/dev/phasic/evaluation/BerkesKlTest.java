package dev.phasic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BerkesKlTest {
    @Test
    void digammaMatchesKnownValues() {
        assertEquals(-0.5772156649015329, BerkesKl.digamma(1), 1e-12);
        assertEquals(1 - 0.5772156649015329, BerkesKl.digamma(2), 1e-12);
        assertEquals(Math.log(1000) - 1 / 2000.0 - 1 / 12e6, BerkesKl.digamma(1000), 1e-12);
    }

    @Test
    void twoSamplesOfOneDistributionGiveAboutZero() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] p = geometric(64, 0.9);
        long[] a = draw(p, 20000, rng), b = draw(p, 20000, rng), c = draw(p, 20000, rng);
        double floor = BerkesKl.estimate(a, c, 64).bits();
        double same = BerkesKl.estimate(a, b, 64).bits();
        assertTrue(Math.abs(same) < 0.01, "KL between samples of one distribution: " + same);
        assertTrue(Math.abs(same) <= Math.abs(floor) + 0.01, same + " vs floor " + floor);
    }

    @Test
    void withinFivePercentOfAnalyticKl() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] p = geometric(32, 0.85), q = geometric(32, 0.7);
        double truth = 0;
        for (int i = 0; i < p.length; i++) truth += p[i] * Math.log(p[i] / q[i]) / Math.log(2);
        double est = BerkesKl.estimate(draw(p, 200000, rng), draw(q, 200000, rng), 32).bits();
        assertEquals(truth, est, 0.05 * truth, "analytic KL " + truth);
    }

    @Test
    void extrapolationMovesSmallSampleEstimateTowardTheTruth() {
        double[] p = geometric(2048, 0.997), q = geometric(2048, 0.995);
        double truth = 0;
        for (int i = 0; i < p.length; i++) truth += p[i] * Math.log(p[i] / q[i]) / Math.log(2);
        double errAll = 0, errExtrapolated = 0;
        for (int seed = 0; seed < 10; seed++) {
            SplittableRandom rng = new SplittableRandom(100 + seed);
            BerkesKl.Estimate e = BerkesKl.estimate(draw(p, 3000, rng), draw(q, 3000, rng), 2048);
            errAll += Math.abs(e.allData() - truth);
            errExtrapolated += Math.abs(e.bits() - truth);
        }
        assertTrue(errExtrapolated < errAll, "extrapolated error " + errExtrapolated / 10 + " vs all-data " + errAll / 10
                + " (truth " + truth + ")");
    }

    private static double[] geometric(int k, double r) {
        double[] p = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++) s += p[i] = Math.pow(r, i);
        for (int i = 0; i < k; i++) p[i] /= s;
        return p;
    }

    private static long[] draw(double[] p, int n, SplittableRandom rng) {
        double[] cdf = new double[p.length];
        double c = 0;
        for (int i = 0; i < p.length; i++) cdf[i] = c += p[i];
        long[] out = new long[n];
        for (int j = 0; j < n; j++) {
            double u = rng.nextDouble() * c;
            int lo = 0, hi = p.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (cdf[mid] < u) lo = mid + 1; else hi = mid;
            }
            out[j] = lo;
        }
        return out;
    }
}
