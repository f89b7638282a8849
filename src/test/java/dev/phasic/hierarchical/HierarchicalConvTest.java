package dev.phasic.hierarchical;

import dev.phasic.models.ConvCritic;
import dev.phasic.models.Critic;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.nn.PixelNorm;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HierarchicalConvTest {
    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void shapesThroughEveryLayerInBothDirections(int size) {
        Native.init();
        Device cpu = new Device("cpu");
        HierarchicalConv m = new HierarchicalConv(HierarchicalConv.Shape.paper(3, size, 0.25, -3), cpu);
        int[] channels = {3, 8, 16, 32, 64, 25};
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            HierarchicalModel.WakePass pass = m.wakePass(torch.rand(2, 3, size, size));
            List<Tensor> wake = pass.wake();
            List<Tensor> sleep = m.sleep(2);
            List<Tensor> osc = pass.oscillation();
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
                    new ScalarTypeOptional()));
            assertEquals(3 * 4 * 5, ms.length);
            for (float v : ms) assertEquals(1.0, v, 1e-5);
        }
    }

    @Test
    void leakyHiddenSamplesKeepGradientsWhereReluPassesNone() {
        Native.init();
        Device cpu = new Device("cpu");
        for (boolean leaky : new boolean[] {false, true}) {
            HierarchicalConv m = new HierarchicalConv(HierarchicalConv.Shape.paper(1, 32, 0.125, -3, leaky), cpu);
            // drive every mean of p(h2 | h3) far below zero: a ReLU then switches every entry off
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor bias = m.stateDict().get("generation.layer2.output.bias");
                bias.narrow(0, 0, m.shape().channelsOf(2)).fill_(new Scalar(-100.0));
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor above = torch.randn(4, m.shape().channelsOf(3), 4, 4);
                Tensor h2 = m.predict(2, above);
                float[] v = Ops.toFloats(h2);
                double min = Double.MAX_VALUE;
                for (float f : v) min = Math.min(min, f);
                h2.sum().backward();
                Tensor grad = m.namedParameters().get("generation.layer2.output.weight").value().grad();
                double norm = grad.defined() ? grad.norm().item_double() : 0;
                if (leaky) {
                    assertTrue(min < 0, "LeakyReLU keeps negative samples");
                    assertTrue(norm > 0, "and their gradient");
                } else {
                    assertTrue(min >= 0, "ReLU samples are never negative");
                    assertEquals(0, norm, 0, "a switched-off ReLU passes no gradient");
                }
            }
        }
    }
}
