package dev.phasic.evaluation;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Fréchet distance between Gaussians fitted to two feature sets (as in FID):
 * {@code ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁^{½} Σ₂ Σ₁^{½})^{½})}, in double precision with
 * symmetric eigendecompositions, so it stays real for rank-deficient covariances.
 */
public final class Frechet {
    private Frechet() {}

    /** Features (N, D) of each set; any device; returns the distance. */
    public static double distance(Tensor a, Tensor b) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = a.detach().cpu().to(torch.ScalarType.Double);
            Tensor y = b.detach().cpu().to(torch.ScalarType.Double);
            Tensor mx = x.mean(0), my = y.mean(0);
            return distance(mx, covariance(x, mx), my, covariance(y, my));
        }
    }

    /** The closed form for N(μ₁, Σ₁) and N(μ₂, Σ₂), both double tensors. */
    public static double distance(Tensor mu1, Tensor cov1, Tensor mu2, Tensor cov2) {
        try (PointerScope scope = new PointerScope()) {
            Tensor root1 = sqrtPsd(cov1);
            Tensor middle = root1.matmul(cov2).matmul(root1);
            middle = middle.add(middle.t()).div(new Scalar(2.0)); // symmetrise rounding
            Tensor eig = torch.linalg_eigh(middle).get0().clamp_min(new Scalar(0.0));
            double traceSqrt = eig.sqrt().sum().item_double();
            double meanTerm = mu1.sub(mu2).square().sum().item_double();
            return meanTerm + cov1.trace().item_double() + cov2.trace().item_double() - 2 * traceSqrt;
        }
    }

    static Tensor covariance(Tensor x, Tensor mean) {
        Tensor c = x.sub(mean);                                              // (N, D)
        return c.t().matmul(c).div(new Scalar(x.size(0) - 1.0)); // (D, D)
    }

    private static Tensor sqrtPsd(Tensor m) {
        T_TensorTensor_T eig = torch.linalg_eigh(m);
        Tensor values = eig.get0().clamp_min(new Scalar(0.0)).sqrt(); // (D)
        Tensor vectors = eig.get1();                                                    // (D, D)
        return vectors.mul(values.unsqueeze(0)).matmul(vectors.t());
    }
}
