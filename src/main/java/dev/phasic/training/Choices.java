package dev.phasic.training;

import dev.phasic.Choice;

/** The configuration's choices that are not numbers, one enum each ({@link TrainConfig}), spelt as {@link Choice} says. */
public final class Choices {
    private Choices() {}

    /** What a non-finite loss does: stop (the last good checkpoint stays) or drop that update and go on. */
    public enum OnDivergence implements Choice { STOP, SKIP_STEP }

    /**
     * Which losses reach which parameters (docs/METHODS.md, "Local credit"): {@code backprop}
     * lets every loss reach every parameter through the whole network (the paper's training);
     * {@code local} cuts the input of every conditional from the graph, so the conditionals
     * that produce layer l learn from layer l's critic and feature terms alone;
     * {@code local-loop} is {@code local} plus one loop of two layers: the oscillation
     * prediction of layer l keeps its gradient into the bottom-up conditional of layer l + 1,
     * which so learns from its own reconstruction of the layer below.
     */
    public enum Credit implements Choice { BACKPROP, LOCAL, LOCAL_LOOP }
}
