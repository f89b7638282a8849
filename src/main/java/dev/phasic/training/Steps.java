package dev.phasic.training;

import dev.phasic.models.Critic;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.Phases;
import java.util.List;
import java.util.function.Predicate;
import dev.phasic.torch.FusedAdam;
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
    public static Losses critic(Objective objective, Phases phases, FusedAdam critics, Predicate<Losses> proceed, Runnable beforeStep) {
        return critic(objective, phases, 1, critics, proceed, beforeStep);
    }

    /** As above with the penalty's weight scaled ({@link Objective#criticLoss(Phases, double)}; 0: no penalty this update). */
    public static Losses critic(Objective objective, Phases phases, double penaltyScale, FusedAdam critics, Predicate<Losses> proceed,
                                Runnable beforeStep) {
        critics.zeroGrad();
        Losses losses;
        try (AutoGradMode on = new AutoGradMode(true)) {
            losses = StepTimes.time("critic.loss", () -> objective.criticLoss(phases, penaltyScale));
            if (!proceed.test(losses)) return losses;
            StepTimes.run("critic.backward", losses.total()::backward);
        }
        beforeStep.run();
        StepTimes.run("critic.update", critics::step);
        return losses;
    }

    /** Network update with the critics frozen; {@code beforeStep} runs between backward and the optimiser steps (clipping). */
    public static Losses network(Objective objective, Phases phases, List<FusedAdam> networks, Predicate<Losses> proceed,
                                 Runnable beforeStep) {
        freeze(objective, true);
        try {
            for (FusedAdam a : networks) a.zeroGrad();
            Losses losses = StepTimes.time("network.loss", () -> objective.networkLoss(phases));
            if (!proceed.test(losses)) return losses;
            StepTimes.run("network.backward", losses.total()::backward);
            beforeStep.run();
            StepTimes.run("network.update", () -> networks.forEach(FusedAdam::step));
            return losses;
        } finally {
            freeze(objective, false);
        }
    }

    private static void freeze(Objective objective, boolean frozen) {
        for (Critic c : objective.critics().values()) c.module().requiresGrad(!frozen);
    }
}
