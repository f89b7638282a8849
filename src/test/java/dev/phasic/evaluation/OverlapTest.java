package dev.phasic.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The binary Berkes overlap: fixed state space, floor, known KLs and the independent-units control. */
class OverlapTest {
    private static final int K = 10;

    @Test
    void twoSamplesOfOneDistributionSitWithinTheFloor() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20000;
        float[] wake = correlated(n, 12, 0.6, rng), sleep = correlated(n, 12, 0.6, rng);
        Overlap.Layer l = Overlap.measure(List.of("h"), List.of(wake), List.of(sleep), n, n, K, 5).layers().get(0);
        assertTrue(Math.abs(l.wakeSleep().bits()) < 0.03, "KL of one distribution against itself: " + l.wakeSleep().bits());
        assertTrue(Math.abs(l.wakeSleep().bits()) <= Math.abs(l.floor().bits()) + 0.03,
                l.wakeSleep().bits() + " vs floor " + l.floor().bits());
    }

    /** Ten independent bits on with probability 0.5 (wake) and 0.3 (sleep): KL = 10·KL(Bern(.5)‖Bern(.3)). */
    @Test
    void knownProductDistributionsWithinFivePercent() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 40000;
        float[] wake = bits(n, K, 0.5, rng), sleep = bits(n, K, 0.3, rng);
        double perBit = 0.5 * log2(0.5 / 0.3) + 0.5 * log2(0.5 / 0.7);
        double reversePerBit = 0.3 * log2(0.3 / 0.5) + 0.7 * log2(0.7 / 0.5);
        Overlap.Result r = Overlap.measure(List.of("x"), List.of(wake), List.of(sleep), n, n, K, 6);
        Overlap.Layer l = r.layers().get(0);
        assertEquals(1024.0, r.states());
        assertEquals(K * perBit, l.wakeSleep().bits(), 0.05 * K * perBit);
        assertEquals(K * reversePerBit, l.sleepWake().bits(), 0.05 * K * reversePerBit);
    }

    @Test
    void independentUnitsControlSeesCorrelations() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 20000;
        Overlap.Layer independent = Overlap.measure(List.of("a"), List.of(bits(n, K, 0.5, rng)), List.of(bits(n, K, 0.5, rng)),
                n, n, K, 7).layers().get(0);
        Overlap.Layer correlated = Overlap.measure(List.of("b"), List.of(correlated(n, K, 0.8, rng)), List.of(bits(n, K, 0.5, rng)),
                n, n, K, 7).layers().get(0);
        assertTrue(Math.abs(independent.independent().bits()) < 0.03, "independent units: " + independent.independent().bits());
        assertTrue(correlated.independent().bits() > 1.0, "units sharing a common cause: " + correlated.independent().bits());
    }

    /** Background pixels tied at −1 stay off; units that never vary are not chosen; the choice is fixed by the seed. */
    @Test
    void tiedMediansAndUninformativeUnits() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 2000, d = 30;
        float[] wake = new float[n * d], sleep = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < d; u++) {
                boolean on = u < 15 && rng.nextDouble() < 0.4;      // units 15.. are constant background
                wake[i * d + u] = on ? (float) rng.nextDouble() : -1f;
                sleep[i * d + u] = -0.9999f;                          // a squashed sample just above −1
            }
        }
        Overlap.Result a = Overlap.measure(List.of("x"), List.of(wake), List.of(sleep), n, n, K, 8);
        Overlap.Result b = Overlap.measure(List.of("x"), List.of(wake), List.of(sleep), n, n, K, 8);
        Overlap.Layer l = a.layers().get(0);
        assertArrayEquals(l.units(), b.layers().get(0).units());
        for (int u : l.units()) assertTrue(u < 15, "constant unit chosen: " + u);
        for (float t : l.thresholds()) assertTrue(t > -0.9f && t < 0.5f, "threshold halfway from the background to the typical ink: " + t);
        assertEquals(1, l.counts().values().stream().filter(c -> c[1] > 0).count(), "every sleep sample is all-off");
    }

    private static float[] bits(int n, int d, double p, SplittableRandom rng) {
        float[] out = new float[n * d];
        for (int i = 0; i < out.length; i++) out[i] = rng.nextDouble() < p ? 1f : 0f;
        return out;
    }

    /** Units that copy a shared coin with probability {@code c}, else flip their own. */
    private static float[] correlated(int n, int d, double c, SplittableRandom rng) {
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            boolean shared = rng.nextBoolean();
            for (int u = 0; u < d; u++) out[i * d + u] = (rng.nextDouble() < c ? shared : rng.nextBoolean()) ? 1f : 0f;
        }
        return out;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
