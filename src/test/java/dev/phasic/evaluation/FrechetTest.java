package dev.phasic.evaluation;

import dev.phasic.torch.Native;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrechetTest {
    @Test
    void equalsClosedFormForTwoGaussians() {
        Native.init();
        try (PointerScope scope = new PointerScope()) {
            // Diagonal: ‖μ₁−μ₂‖² + Σ(σ₁ − σ₂)²
            Tensor mu1 = AbstractTensor.create(new double[] {0, 1, 2}, 3);
            Tensor mu2 = AbstractTensor.create(new double[] {1, 1, 0}, 3);
            Tensor c1 = torch.diag(AbstractTensor.create(new double[] {1, 4, 9}, 3));
            Tensor c2 = torch.diag(AbstractTensor.create(new double[] {4, 4, 1}, 3));
            assertEquals(5 + 1 + 0 + 4, Frechet.distance(mu1, c1, mu2, c2), 1e-9);
            // Commuting non-diagonal covariances: rotate both by the same orthogonal matrix
            double s = Math.sqrt(0.5);
            Tensor r = AbstractTensor.create(new double[] {s, -s, 0, s, s, 0, 0, 0, 1}, 3, 3);
            double fd = Frechet.distance(mu1, r.matmul(c1).matmul(r.t()), mu2, r.matmul(c2).matmul(r.t()));
            assertEquals(10, fd, 1e-9);
            // Identical distributions: zero
            assertEquals(0, Frechet.distance(mu1, c1, mu1, c1), 1e-9);
        }
    }

    @Test
    void fromSamplesApproachesTheClosedForm() {
        Native.init();
        torch.manual_seed(4);
        try (PointerScope scope = new PointerScope()) {
            Tensor a = torch.randn(200000, 2);                                          // N(0, I)
            Tensor b = torch.randn(200000, 2).mul(new Scalar(2.0)).add(new Scalar(1.0)); // N(1, 4I)
            assertEquals(2 + 2 * 1.0, Frechet.distance(a, b), 0.05); // ‖(1,1)‖² + 2·(2 − 1)²
        }
    }
}
