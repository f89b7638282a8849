package dev.phasic.experiments;

import dev.phasic.models.Critic;
import dev.phasic.models.GroupedMlpCritic;
import dev.phasic.objectives.GradientPenalty;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.Phases;
import dev.phasic.torch.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Eq. 7's local critics for the population toy, one per neuron on its neighbourhood
 * [A, P_parent, P_i], batched in one {@link GroupedMlpCritic}. Phases hold (B, K, 3)
 * tensors. Each critic has its own WGAN-GP penalty (gradient norm per critic and
 * sample), and the Wasserstein terms add up over critics.
 */
final class LocalPopulationCritics implements Objective {
    private final GroupedMlpCritic critic;
    private final double gpWeight;

    LocalPopulationCritics(GroupedMlpCritic critic, double gpWeight) {
        this.critic = critic;
        this.gpWeight = gpWeight;
    }

    @Override
    public Map<String, Critic> critics() {
        return Map.of("local", critic);
    }

    @Override
    public boolean needsSleep() {
        return true;
    }

    @Override
    public boolean needsOscillation() {
        return false;
    }

    @Override
    public Losses criticLoss(Phases p, double penaltyScale) {
        Tensor wake = p.wake().get(0), sleep = p.sleep().get(0); // (B, K, 3)
        Tensor distance = distance(wake, sleep);
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("critic.local.distance", distance);
        if (penaltyScale == 0) return new Losses(distance.neg(), terms);
        Tensor interp = GradientPenalty.interpolate(wake, sleep, 2).requires_grad_(true);   // (B, K, 3), t per sample and critic
        Tensor gp = GradientPenalty.grouped(critic.scores(interp), interp);                     // a penalty per critic
        terms.put("critic.local.gp", gp);
        return new Losses(Ops.mul(gp, gpWeight * penaltyScale).sub(distance), terms);
    }

    @Override
    public Losses networkLoss(Phases p) {
        Tensor distance = distance(p.wake().get(0), p.sleep().get(0));
        return new Losses(distance, Map.of("network.local.distance", distance));
    }

    /** Σ_k (E_wake D_k − E_sleep D_k). */
    private Tensor distance(Tensor wake, Tensor sleep) {
        long b = wake.size(0);
        Tensor scores = critic.scores(torch.cat(new TensorVector(wake, sleep), 0)); // (2B, K)
        return scores.narrow(0, 0, b).mean().sub(scores.narrow(0, b, b).mean()).mul(new Scalar(scores.size(1)));
    }
}
