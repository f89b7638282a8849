package dev.phasic.training;

import dev.phasic.models.Critic;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.Phases;
import java.util.List;
import java.util.function.Predicate;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AutoGradMode;

/**
 * The two updates of adversarial training, shared by the trainer and the population toy:
 * the critics' step on phases that carry no graph, and the networks' step against frozen
 * critics. {@code proceed} sees the losses before their backward pass and may veto the
 * update (the trainer's divergence check).
 */
public final class Steps {
    private Steps() {}

    /** Critic update: zero, loss, backward, {@code beforeStep} (gradient averaging), step. */
    public static Losses critic(Objective objective, Phases phases, Adam critics, Predicate<Losses> proceed, Runnable beforeStep) {
        critics.zero_grad();
        Losses losses;
        try (AutoGradMode on = new AutoGradMode(true)) {
            losses = objective.criticLoss(phases);
            if (!proceed.test(losses)) return losses;
            losses.total().backward();
        }
        beforeStep.run();
        critics.step();
        return losses;
    }

    /** Network update with the critics frozen; {@code beforeStep} runs between backward and the optimiser steps (clipping). */
    public static Losses network(Objective objective, Phases phases, List<Adam> networks, Predicate<Losses> proceed,
                                 Runnable beforeStep) {
        freeze(objective, true);
        try {
            for (Adam a : networks) a.zero_grad();
            Losses losses = objective.networkLoss(phases);
            if (!proceed.test(losses)) return losses;
            losses.total().backward();
            beforeStep.run();
            for (Adam a : networks) a.step();
            return losses;
        } finally {
            freeze(objective, false);
        }
    }

    private static void freeze(Objective objective, boolean frozen) {
        for (Critic c : objective.critics().values()) c.module().requiresGrad(!frozen);
    }
}
