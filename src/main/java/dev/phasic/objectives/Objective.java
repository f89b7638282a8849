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
    default Losses criticLoss(Phases detached) {
        return criticLoss(detached, 1);
    }

    /**
     * As {@link #criticLoss(Phases)} with the penalty's weight times {@code penaltyScale}; at 0
     * the penalty is not computed at all (lazy regularisation: the penalty on every k-th
     * update with weight k·λ, Karras et al. 2020), and the losses then carry no penalty term.
     */
    Losses criticLoss(Phases detached, double penaltyScale);

    /** Loss the inference and generative networks minimise. */
    Losses networkLoss(Phases phases);
}
