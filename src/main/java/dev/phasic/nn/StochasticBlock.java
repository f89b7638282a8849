package dev.phasic.nn;

import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * One conditional of architecture A: a Gaussian layer, sampled and passed through an
 * output nonlinearity, then refined by an optional stochastic recurrence whose sample
 * goes through the same nonlinearity before the mean-merge ({@code recurrent = false}
 * gives the plain layer). A bounded nonlinearity (tanh for pixels in [-1, 1]) keeps the
 * generator from inflating its noise to exploit the critic's curvature.
 */
public final class StochasticBlock extends Module {
    private final GaussianLayer layer;
    private final StochasticRecurrence recurrence;
    private final UnaryOperator<Tensor> activation;

    public StochasticBlock(long in, long hiddenUnits, long out, boolean recurrent, double stdBias,
                           UnaryOperator<Tensor> activation) {
        layer = registerModule("layer", new GaussianLayer(in, hiddenUnits, out, stdBias));
        recurrence = recurrent ? registerModule("recurrence", new StochasticRecurrence(out, hiddenUnits, stdBias)) : null;
        this.activation = activation;
    }

    /** (B, in) → sample (B, out). */
    public Tensor forward(Tensor x) {
        Tensor z0 = activation.apply(layer.forward(x).sample());
        return recurrence == null ? z0 : recurrence.forward(z0, activation);
    }
}
