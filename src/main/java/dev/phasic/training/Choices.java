package dev.phasic.training;

import dev.phasic.Choice;

/** The configuration's choices that are not numbers, one enum each ({@link TrainConfig}), spelt as {@link Choice} says. */
public final class Choices {
    private Choices() {}

    /** Architecture B's nonlinearity after sampling a hidden layer: the paper's ReLU, or LeakyReLU(0.2). */
    public enum HiddenActivation implements Choice { RELU, LEAKY }

    /** Where architecture B's top-down pass starts: z, or z, h_{L−1}, …, h2 in turn. */
    public enum TopDownSources implements Choice { TOP, CYCLE }

    /** Architecture B's local critics: the paper's widths (64·width, 128·width) or at least the layer's own channels. */
    public enum CriticWidth implements Choice { PAPER, LAYER }

    /** What a non-finite loss does: stop (the last good checkpoint stays) or drop that update and go on. */
    public enum OnDivergence implements Choice { STOP, SKIP_STEP }
}
