package dev.phasic.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch normalisation over (B, H, W) per channel with a learned scale and shift, as
 * {@code torch.nn.BatchNorm2d} in training mode. It always normalises with the batch's
 * own statistics and keeps no running averages: a critic only ever scores batches
 * (wake, sleep and predictions together, or the penalty's interpolates).
 */
public final class BatchNorm2d extends Module {
    private static final double EPS = 1e-5;
    private final Parameter weight;
    private final Parameter bias;

    public BatchNorm2d(long channels) {
        weight = registerParameter("weight", torch.ones(channels));
        bias = registerParameter("bias", torch.zeros(channels));
    }

    /** (B, C, H, W) → same shape, each channel zero-mean unit-variance over the batch, then scaled and shifted. */
    public Tensor forward(Tensor x) {
        return torch.batch_norm(x, new TensorOptional(weight.value()), new TensorOptional(bias.value()),
                new TensorOptional(), new TensorOptional(), true, 0.1, EPS, false);
    }
}
