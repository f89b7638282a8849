package dev.phasic.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** A diagonal Gaussian given by its mean and standard deviation (same shape). */
public record Gaussian(Tensor mean, Tensor std) {
    /** Reparameterised sample {@code mean + std · eps}, gradients flow to both. */
    public Tensor sample() {
        return sample(torch.randn_like(mean));
    }

    public Tensor sample(Tensor eps) {
        return mean.add(std.mul(eps));
    }
}
