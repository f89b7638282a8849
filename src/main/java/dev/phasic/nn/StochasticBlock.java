package dev.phasic.nn;

import org.bytedeco.pytorch.Tensor;

/**
 * One conditional of architecture A: a Gaussian layer, sampled, then refined by an
 * optional stochastic recurrence ({@code recurrent = false} gives the plain layer).
 */
public final class StochasticBlock extends Module {
    private final GaussianLayer layer;
    private final StochasticRecurrence recurrence;

    public StochasticBlock(long in, long hiddenUnits, long out, boolean recurrent, double stdBias) {
        layer = registerModule("layer", new GaussianLayer(in, hiddenUnits, out, stdBias));
        recurrence = recurrent ? registerModule("recurrence", new StochasticRecurrence(out, hiddenUnits, stdBias)) : null;
    }

    /** (B, in) → sample (B, out). */
    public Tensor forward(Tensor x) {
        Tensor z0 = layer.forward(x).sample();
        return recurrence == null ? z0 : recurrence.forward(z0);
    }
}
