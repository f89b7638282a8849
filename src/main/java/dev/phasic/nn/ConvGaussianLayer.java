package dev.phasic.nn;

import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A convolutional stochastic conditional of architecture B (docs/DESIGN.md §3B): one hidden
 * ReLU layer that changes the resolution (a stride-2 convolution bottom-up, a stride-2
 * transposed convolution top-down; 1×1 kernels where the map is 1×1), then a 3×3
 * convolution to a linear mean and a softplus std. Returns the Gaussian; the caller
 * samples and applies the layer's nonlinearity.
 */
public final class ConvGaussianLayer extends Module {
    private final Conv2d down;
    private final ConvTranspose2d up;
    private final Conv2d output;
    private final long outChannels;

    /** {@code upsample}: top-down (transposed); {@code inSize}: spatial size of the input map. */
    public ConvGaussianLayer(long in, long hidden, long out, boolean upsample, long inSize, double stdBias) {
        this.outChannels = out;
        if (upsample) {
            down = null;
            up = registerModule("hidden", new ConvTranspose2d(in, hidden, 4, 2, 1)); // H → 2H
        } else {
            up = null;
            down = registerModule("hidden", inSize >= 2 ? new Conv2d(in, hidden, 4, 2, 1) : new Conv2d(in, hidden, 1, 1, 0));
        }
        output = registerModule("output", new Conv2d(hidden, 2 * out, 3, 1, 1));
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor bias = output.stateDict().get("bias");
            bias.narrow(0, out, out).fill_(new Scalar(stdBias));
        }
    }

    /** (B, in, H, W) → Gaussian over (B, out, H', W'). */
    public Gaussian forward(Tensor x) {
        Tensor h = Ops.reluInPlace(up != null ? up.forward(x) : down.forward(x)); // (B, hidden, H', W')
        Tensor params = output.forward(h);                                        // (B, 2·out, H', W')
        return new Gaussian(params.narrow(1, 0, outChannels),
                torch.softplus(params.narrow(1, outChannels, outChannels)));
    }
}
