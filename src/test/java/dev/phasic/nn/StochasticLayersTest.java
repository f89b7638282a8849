package dev.phasic.nn;

import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StochasticLayersTest {
    @Test
    void reparameterisedSamplesHaveConfiguredMoments() {
        Native.init();
        Rng.seed(11);
        try (PointerScope scope = new PointerScope()) {
            int n = 200_000;
            Tensor mean = torch.full(new long[] {n, 2}, new Scalar(1.5));
            Tensor std = Ops.fromFloats(new float[] {0.25f, 2.0f}, new Device("cpu"), 1, 2)
                    .expand(n, 2);
            float[] s = Ops.toFloats(new Gaussian(mean, std).sample());
            for (int c = 0; c < 2; c++) {
                double m = 0, v = 0;
                for (int i = 0; i < n; i++) m += s[2 * i + c];
                m /= n;
                for (int i = 0; i < n; i++) v += (s[2 * i + c] - m) * (s[2 * i + c] - m);
                double sd = Math.sqrt(v / (n - 1));
                double target = c == 0 ? 0.25 : 2.0;
                assertEquals(1.5, m, 4 * target / Math.sqrt(n), "mean of column " + c);
                assertEquals(target, sd, 0.01 * target, "std of column " + c);
            }
        }
    }

    @Test
    void initialNoiseFollowsStdBias() {
        Native.init();
        Rng.seed(12);
        GaussianLayer layer = new GaussianLayer(10, 16, 4, -3.0);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.zeros(3, 10);
            // with zero input the hidden layer is relu(bias); the std is softplus(W·h − 3), close to softplus(−3)
            float[] std = Ops.toFloats(layer.forward(x).std());
            for (float s : std) assertEquals(Math.log1p(Math.exp(-3)), s, 0.03);
        }
    }

    @Test
    void recurrenceIsTheMeanOfItsTwoInputsForAFixedNoiseDraw() {
        Native.init();
        Rng.seed(13);
        StochasticRecurrence rec = new StochasticRecurrence(6, 12, -1.0);
        try (PointerScope scope = new PointerScope()) {
            Tensor z0 = torch.randn(5, 6);
            Tensor eps = torch.randn(5, 6);
            Gaussian g = rec.step().forward(z0);
            Tensor r = g.mean().add(g.std().mul(eps));
            float[] expected = Ops.toFloats(Ops.mul(z0.add(r), 0.5));
            assertArrayEquals(expected, Ops.toFloats(rec.forward(z0, eps)), 1e-6f);
        }
    }
}
