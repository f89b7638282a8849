package dev.phasic.nn;

import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A stochastic conditional (docs/DESIGN.md §1): {@code in → hidden (ReLU) → 2·out}, split into
 * a linear mean and a softplus standard deviation. The std pre-activation bias starts
 * at {@code stdBias} (−3 gives σ ≈ 0.05): small initial noise learns much faster
 * (docs/METHODS.md, architecture A).
 */
public final class GaussianLayer extends Module {
    private final Linear hidden;
    private final Linear output;
    private final long outFeatures;

    public GaussianLayer(long in, long hiddenUnits, long out, double stdBias) {
        this.outFeatures = out;
        hidden = registerModule("hidden", new Linear(in, hiddenUnits));
        output = registerModule("output", new Linear(hiddenUnits, 2 * out));
        try (NoGradGuard g = new NoGradGuard()) {
            output.bias().narrow(0, out, out).fill_(new Scalar(stdBias));
        }
    }

    /** (B, in) → Gaussian over (B, out). */
    public Gaussian forward(Tensor x) {
        Tensor h = Ops.reluInPlace(hidden.forward(x));      // (B, hidden)
        Tensor params = output.forward(h);                  // (B, 2·out)
        Tensor mean = params.narrow(1, 0, outFeatures);     // (B, out)
        Tensor std = torch.softplus(params.narrow(1, outFeatures, outFeatures));
        return new Gaussian(mean, std);
    }

    public long outFeatures() {
        return outFeatures;
    }
}
