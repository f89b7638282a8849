package dev.phasic.nn;

import dev.phasic.torch.Ops;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;

/** A diagonal Gaussian given by its mean and standard deviation (same shape). */
public record Gaussian(Tensor mean, Tensor std) {
    private static final ThreadLocal<Boolean> MEAN_ONLY = ThreadLocal.withInitial(() -> false);

    /** Reparameterised sample {@code mean + std · eps}, gradients flow to both; the mean inside {@link #meanOnly}. */
    public Tensor sample() {
        if (MEAN_ONLY.get()) return mean;
        // drawn in row-major (NCHW) order whatever the mean's memory layout (convolutions give
        // channels-last maps, and randn_like would fill those in NHWC order); a rank's slice in a group
        return sample(Ops.randn(mean.device(), Ops.shape(mean)));
    }

    /**
     * Runs {@code action} with every Gaussian on this thread returning its mean instead of
     * a sample: the noise-free network, for checks against other implementations.
     */
    public static <T> T meanOnly(Supplier<T> action) {
        boolean before = MEAN_ONLY.get();
        MEAN_ONLY.set(true);
        try {
            return action.get();
        } finally {
            MEAN_ONLY.set(before);
        }
    }

    public Tensor sample(Tensor eps) {
        return mean.add(std.mul(eps));
    }
}
