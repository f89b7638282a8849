package dev.phasic.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Per-sample normalisation of a map over (C, H, W) with a learned scale and shift per
 * channel: {@code torch.nn.GroupNorm(1, C)}, the "layer normalisation" Gulrajani et al.
 * advise for a critic under a gradient penalty. Each sample's score depends on that
 * sample alone, so the penalty bounds the very function the phases are scored with.
 */
public final class LayerNorm2d extends Module {
    private static final double EPS = 1e-5;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm2d(long channels) {
        weight = registerParameter("weight", torch.ones(channels));
        bias = registerParameter("bias", torch.zeros(channels));
    }

    /** (B, C, H, W) → same shape, each sample zero-mean unit-variance over (C, H, W), then scaled and shifted per channel. */
    public Tensor forward(Tensor x) {
        return torch.group_norm(x, 1, new TensorOptional(weight.value()), new TensorOptional(bias.value()), EPS, false);
    }
}
