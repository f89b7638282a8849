package dev.phasic.nn;

import dev.phasic.torch.Ops;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * The recurrent step of architecture A (docs/DESIGN.md §3A): a second stochastic network of
 * the same shape reads the first sample {@code z0}, samples {@code r}, and the layer's
 * activity is the mean {@code (z0 + r) / 2}. The result is a non-Gaussian conditional.
 */
public final class StochasticRecurrence extends Module {
    private final GaussianLayer step;

    public StochasticRecurrence(long features, long hiddenUnits, double stdBias) {
        step = registerModule("step", new GaussianLayer(features, hiddenUnits, features, stdBias));
    }

    /** (B, D) → (B, D), drawing fresh noise. */
    public Tensor forward(Tensor z0) {
        return merge(z0, step.forward(z0).sample());
    }

    /** Same with a given noise draw {@code eps} (B, D), for tests and analysis. */
    public Tensor forward(Tensor z0, Tensor eps) {
        return merge(z0, step.forward(z0).sample(eps));
    }

    /** Same, with the recurrent sample passed through {@code activation} before the merge. */
    public Tensor forward(Tensor z0, UnaryOperator<Tensor> activation) {
        return merge(z0, activation.apply(step.forward(z0).sample()));
    }

    public GaussianLayer step() {
        return step;
    }

    private static Tensor merge(Tensor z0, Tensor r) {
        return Ops.mul(z0.add(r), 0.5);
    }
}
