package dev.phasic.video;

import dev.phasic.data.ImageDataset;
import dev.phasic.data.Mnist;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovingMnistTest {
    private static final int LIMIT = 64 - 28;

    @Test
    void digitsStayInsideTheFrameAndBounceOffTheWalls() {
        int bounces = 0;
        double stepPx = MovingMnist.STEP * LIMIT;
        for (long seed = 0; seed < 200; seed++) {
            int[][] p = MovingMnist.trajectory(new SplittableRandom(seed), 60, LIMIT);
            for (int t = 0; t < p.length; t++) {
                for (int d = 0; d < 2; d++) {
                    assertTrue(p[t][d] >= 0 && p[t][d] <= LIMIT, "inside the frame: " + p[t][d]);
                    if (t > 0) assertTrue(Math.abs(p[t][d] - p[t - 1][d]) <= Math.ceil(stepPx) + 1, "one step at a time");
                    if (t > 1) {
                        int before = p[t - 1][d] - p[t - 2][d], after = p[t][d] - p[t - 1][d];
                        boolean atWall = p[t - 1][d] == 0 || p[t - 1][d] == LIMIT;
                        // a reversal happens only at a wall, and reaching a wall reverses the motion
                        if (before * after < 0) assertTrue(atWall, "reversed away from a wall at t=" + t);
                        if (atWall && before != 0) {
                            assertTrue(after == 0 || Integer.signum(after) == -Integer.signum(before), "bounced at t=" + t);
                            bounces++;
                        }
                    }
                }
            }
        }
        assertTrue(bounces > 100, "walls are reached: " + bounces);
    }

    @Test
    void sameSeedSameSequencesAndEveryFrameHoldsBothDigits() {
        ImageDataset digits = Mnist.embedded().test().head(50);
        MovingMnist gen = new MovingMnist(digits, 20, 64, 2);
        byte[] a = gen.sequences(7, 100, 3), b = gen.sequences(7, 100, 3);
        assertArrayEquals(a, b);
        assertArrayEquals(Arrays.copyOfRange(gen.sequences(7, 101, 1), 0, 20 * 4096),
                Arrays.copyOfRange(a, 20 * 4096, 40 * 4096), "a sequence is named by (seed, index)");
        assertFalse(Arrays.equals(a, gen.sequences(8, 100, 3)), "another seed, other sequences");
        // every frame shows ink at least as much as the larger digit alone and no more than both
        int frame = 64 * 64;
        for (int f = 0; f < 3 * 20; f++) {
            int ink = 0;
            for (int i = 0; i < frame; i++) if ((a[f * frame + i] & 0xff) > 0) ink++;
            assertTrue(ink > 50 && ink < 2 * 784, "ink pixels in frame " + f + ": " + ink);
        }
        // motion: consecutive frames differ
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, frame), Arrays.copyOfRange(a, frame, 2 * frame)));
    }

    @Test
    void aDigitAloneIsCopiedIntactAtItsTrajectory() {
        ImageDataset digits = Mnist.embedded().test().head(1);
        MovingMnist gen = new MovingMnist(digits, 5, 64, 1);
        byte[] seq = gen.sequences(3, 0, 1);
        SplittableRandom rng = new SplittableRandom(3 * 0x9E3779B97F4A7C15L);
        assertEquals(0, rng.nextInt(1));
        int[][] p = MovingMnist.trajectory(rng, 5, LIMIT);
        for (int t = 0; t < 5; t++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    assertEquals(digits.pixels()[r * 28 + c], seq[t * 4096 + (p[t][0] + r) * 64 + p[t][1] + c]);
                }
            }
        }
    }
}
