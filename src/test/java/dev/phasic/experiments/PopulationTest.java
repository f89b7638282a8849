package dev.phasic.experiments;

import dev.phasic.torch.Native;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recurrence problem (the paper's §2.2) with fixed seeds: per-neuron prediction fails only when P is recurrent. */
class PopulationTest {
    private static final Device CPU = new Device("cpu");

    @Test
    void withoutInternalConnectionsPerNeuronPredictionRecoversTheTeacher() {
        Native.init();
        PopulationMethods.Outcome o = PopulationMethods.run(PopulationMethods.Method.MSE, Population.Network.pair(false), 1,
                PopulationMethods.Settings.defaults(1), CPU);
        assertArrayEquals(new double[] {1.0, 0.5}, o.learned(), 0.01);
        assertTrue(o.klBits() < 0.02, "phases match: KL " + o.klBits());
    }

    @Test
    void withAnInternalConnectionOnlyTheCriticsLearnTheTeacher() {
        Native.init();
        Population.Network net = Population.Network.pair(true);
        PopulationMethods.Outcome mse = PopulationMethods.run(PopulationMethods.Method.MSE, net, 1, PopulationMethods.Settings.defaults(1), CPU);
        // least squares of C on A absorbs the B → C path: 0.5 + 0.8·Cov(A, tanh B)/E[A²] ≈ 0.83
        assertEquals(0.83, mse.learned()[1], 0.02);
        assertTrue(mse.error() > 0.25, "per-neuron error " + mse.error());
        PopulationMethods.Outcome global = PopulationMethods.run(PopulationMethods.Method.GLOBAL, net, 1,
                PopulationMethods.Settings.defaults(1500), CPU);
        assertTrue(global.error() < 0.08, "global critic error " + global.error() + ", learned " + Arrays.toString(global.learned()));
        assertTrue(global.klBits() < mse.klBits() / 4, "KL " + global.klBits() + " vs per-neuron " + mse.klBits());
    }

    @Test
    void localCriticsLearnTheTeacherToo() {
        Native.init();
        PopulationMethods.Outcome local = PopulationMethods.run(PopulationMethods.Method.LOCAL, Population.Network.pair(true), 2,
                PopulationMethods.Settings.defaults(1500), CPU);
        assertTrue(local.error() < 0.1, "local critics error " + local.error());
    }

    @Test
    void klOfIdenticalSamplesIsZeroAndOfShiftedSamplesPositive() {
        float[] a = new float[3000 * 2], b = new float[3000 * 2];
        Random r = new Random(1);
        for (int i = 0; i < a.length; i++) { a[i] = (float) r.nextGaussian(); b[i] = a[i] + (i % 2 == 1 ? 1.5f : 0f); }
        assertEquals(0.0, PopulationKl.klBits(a, a, 2, new int[] {0, 1}), 1e-12);
        assertTrue(PopulationKl.klBits(a, b, 2, new int[] {0, 1}) > 0.5);
    }
}
