package dev.phasic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AurocTest {
    /**
     * Positives {3, 5, 5}, negatives {1, 5, 4, 2}: of the 12 pairs, 3 beats 1 and 2 (2 wins),
     * each 5 beats 1, 4 and 2 (3 wins) and ties the negative 5 (½): (2 + 3.5 + 3.5) / 12 = 0.75.
     */
    @Test
    void handComputedCaseWithTies() {
        assertEquals(0.75, Auroc.of(new double[] {3, 5, 5}, new double[] {1, 5, 4, 2}), 1e-12);
    }

    @Test
    void perfectReversedAndEqual() {
        assertEquals(1.0, Auroc.of(new double[] {5, 6}, new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {1, 2}, new double[] {5, 6}), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {2, 2}, new double[] {2, 2, 2}), 1e-12);
    }

    @Test
    void spearmanOfMonotoneAndTiedRanks() {
        assertEquals(1.0, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {10, 20, 35, 100}), 1e-12);
        assertEquals(-1.0, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // ranks of {1, 2, 2, 3} are {1, 2.5, 2.5, 4}; against {1, 2, 3, 4}: r = 4.5 / sqrt(4.5 · 5)
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Spearman.of(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
    }
}
