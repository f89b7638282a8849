package dev.phasic.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intervals, Welch's test and Holm's correction against values worked out by hand (the t density integrated numerically). */
class SpreadTest {
    private static final double[] A = {1, 2, 3, 4, 5}, B = {2, 4, 6, 8, 10};

    @Test
    void theIntervalIsStudentsT() {
        Spread.Summary s = Spread.Summary.of(A);
        assertEquals(3.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), s.sd(), 1e-12);
        assertEquals(1.036756838522439, s.low(), 1e-9);                       // 3 − t(0.975, 4) · sd/√5
        assertEquals(4.963243161477561, s.high(), 1e-9);
        Spread.Summary one = Spread.Summary.of(new double[] {0.8});
        assertFalse(one.hasInterval());
        assertTrue(Double.isNaN(one.low()));
    }

    @Test
    void theQuantilesForTwoToTenSeedsAreTheTablesOnes() {
        double[] t = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157}; // t(0.975, n − 1)
        for (int n = 2; n <= 10; n++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = i * i;
            Spread.Summary s = Spread.Summary.of(v);
            assertEquals(t[n - 2], (s.high() - s.mean()) * Math.sqrt(n) / s.sd(), 1e-5, "n = " + n);
            assertEquals(s.mean() - s.low(), s.high() - s.mean(), 1e-12);
        }
    }

    @Test
    void welchsTestHasSatterthwaitesDegreesOfFreedom() {
        Spread.Welch w = Spread.welch(A, B, Spread.Alternative.TWO_SIDED);
        assertEquals(-1.8973665961010275, w.t(), 1e-12);
        assertEquals(5.882352941176471, w.df(), 1e-9);
        assertEquals(0.1075312, w.p(), 1e-5);
        assertEquals(0.0537656, Spread.welch(A, B, Spread.Alternative.LESS).p(), 1e-5);
        assertEquals(1 - 0.0537656, Spread.welch(A, B, Spread.Alternative.GREATER).p(), 1e-5);
        assertEquals(1.0, Spread.welch(A, A, Spread.Alternative.TWO_SIDED).p(), 1e-12);
    }

    @Test
    void holmStepsDownAndStaysMonotone() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, Spread.holm(new double[] {0.01, 0.04, 0.03}), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.5}, Spread.holm(new double[] {0.9, 0.25}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Spread.holm(new double[] {0.6, 0.7}), 1e-12);
    }
}
