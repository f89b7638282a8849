package dev.phasic.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.nn.PixelNorm;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HierarchicalConvTest {
    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void shapesThroughEveryLayerInBothDirections(int size) {
        Native.init();
        Device cpu = new Device("cpu");
        HierarchicalConv m = new HierarchicalConv(HierarchicalConv.Shape.paper(3, size, 0.25, -3), cpu);
        int[] channels = {3, 8, 16, 32, 64, 25};
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            List<Tensor> wake = m.wake(torch.rand(2, 3, size, size));
            List<Tensor> sleep = m.sleep(2);
            List<Tensor> osc = m.oscillation(wake);
            assertEquals(6, wake.size());
            for (int l = 0; l <= 5; l++) {
                long[] expected = {2, channels[l], size >> l, size >> l};
                assertArrayEquals(expected, Ops.shape(wake.get(l)), "wake layer " + l);
                assertArrayEquals(expected, Ops.shape(sleep.get(l)), "sleep layer " + l);
                assertArrayEquals(expected, Ops.shape(osc.get(l)), "oscillation layer " + l);
            }
            float[] x = Ops.toFloats(sleep.get(0));
            for (float v : x) assertTrue(v >= -1 && v <= 1, "pixels lie in [-1, 1] (tanh)");
            float[] h2 = Ops.toFloats(wake.get(2));
            for (float v : h2) assertTrue(v >= 0, "hidden layers are ReLU'd before normalisation");
            assertEquals(List.of("x", "h1", "h2", "h3", "h4", "z"), m.layerNames());
            for (int l = 0; l <= 5; l++) {
                Critic c = new ConvCritic(channels[l], size >> l, 8, 16, cpu);
                Critic.Scored s = c.forward(wake.get(l));
                assertArrayEquals(new long[] {2}, Ops.shape(s.score()), "critic score for layer " + l);
                assertEquals(2, s.features().size(0));
            }
        }
    }

    @Test
    void pixelNormGivesUnitMeanSquareAcrossChannels() {
        Native.init();
        try (PointerScope scope = new PointerScope()) {
            Tensor h = Ops.mul(torch.randn(3, 7, 4, 5), 5.0);
            float[] ms = Ops.toFloats(PixelNorm.apply(h).square().mean(new long[] {1}, false,
                    new org.bytedeco.pytorch.ScalarTypeOptional()));
            assertEquals(3 * 4 * 5, ms.length);
            for (float v : ms) assertEquals(1.0, v, 1e-5);
        }
    }
}
