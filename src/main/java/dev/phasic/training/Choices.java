package dev.phasic.training;

import dev.phasic.Choice;

/** The configuration's choices that are not numbers, one enum each ({@link TrainConfig}), spelt as {@link Choice} says. */
public final class Choices {
    private Choices() {}

    /** What a non-finite loss does: stop (the last good checkpoint stays) or drop that update and go on. */
    public enum OnDivergence implements Choice { STOP, SKIP_STEP }
}
