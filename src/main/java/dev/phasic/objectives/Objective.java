package dev.phasic.objectives;

import dev.phasic.models.Critic;
import java.util.Map;

/**
 * A training objective: what the critics maximise and what the networks minimise.
 * Call order per step: {@link #criticLoss} on detached phases (critic update), then
 * {@link #networkLoss} on phases with graph (network update, critics frozen).
 */
public interface Objective {
    /** Critics by name, e.g. {@code joint} or {@code x}, {@code z}. */
    Map<String, Critic> critics();

    boolean needsSleep();

    boolean needsOscillation();

    /** Whether the network loss reads the top-down pass from the wake top layer ({@link Phases#topDown}). */
    default boolean needsTopDown() {
        return false;
    }

    /** Loss the critics minimise (negated Wasserstein estimate plus penalty). */
    Losses criticLoss(Phases detached);

    /** Loss the inference and generative networks minimise. */
    Losses networkLoss(Phases phases);
}
