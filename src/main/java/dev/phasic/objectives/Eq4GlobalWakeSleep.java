package dev.phasic.objectives;

import dev.phasic.models.Critic;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Eq. 4: one critic sees the whole network state (all layers flattened and
 * concatenated) and separates wake from sleep; q and p minimise its Wasserstein
 * estimate {@code E_wake[D] − E_sleep[D]}.
 */
public final class Eq4GlobalWakeSleep implements Objective {
    private final Critic critic;
    private final double gpWeight;

    public Eq4GlobalWakeSleep(Critic critic, double gpWeight) {
        this.critic = critic;
        this.gpWeight = gpWeight;
    }

    @Override
    public Map<String, Critic> critics() {
        return Map.of("joint", critic);
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
        Tensor wake = joint(p.wake());                                   // (B, D)
        Tensor sleep = joint(p.sleep());                                 // (B, D)
        long b = wake.size(0);
        Tensor scores = critic.forward(Ops.cat(List.of(wake, sleep), 0)).score(); // (2B)
        Tensor distance = scores.narrow(0, 0, b).mean().sub(scores.narrow(0, b, b).mean());
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("critic.joint.distance", distance);
        if (penaltyScale == 0) return new Losses(distance.neg(), terms);
        Tensor gp = GradientPenalty.of(critic, wake, sleep); // interpolates alone: second order over B rows
        terms.put("critic.joint.gp", gp);
        return new Losses(Ops.mul(gp, gpWeight * penaltyScale).sub(distance), terms);
    }

    @Override
    public Losses networkLoss(Phases p) {
        Tensor wake = joint(p.wake());
        long b = wake.size(0);
        Tensor scores = critic.forward(Ops.cat(List.of(wake, joint(p.sleep())), 0)).score(); // (2B)
        Tensor distance = scores.narrow(0, 0, b).mean().sub(scores.narrow(0, b, b).mean());
        Map<String, Tensor> terms = new LinkedHashMap<>();
        terms.put("network.joint.distance", distance);
        return new Losses(distance, terms, Map.of("network.joint.distance", 1.0));
    }

    /** Every layer flattened and concatenated per sample: the whole network state the joint critic reads. */
    public static Tensor joint(List<Tensor> layers) {
        List<Tensor> flat = new ArrayList<>(layers.size());
        for (Tensor t : layers) flat.add(Ops.flatten(t));
        return Ops.cat(flat, 1);
    }
}
