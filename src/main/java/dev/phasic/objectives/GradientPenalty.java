package dev.phasic.objectives;

import dev.phasic.models.Critic;
import dev.phasic.nn.Convolutions;
import dev.phasic.nn.Flops;
import dev.phasic.torch.Ops;
import java.lang.ref.Reference;
import java.util.Arrays;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The WGAN-GP penalty of Gulrajani et al. (docs/DESIGN.md §2): {@code E[(‖∇D(â)‖₂ − 1)²]} at
 * interpolates {@code â = t·a + (1−t)·b}, {@code t ~ U(0,1)} per sample. The gradient is
 * taken with {@code create_graph} so the penalty trains the critic (second order).
 */
public final class GradientPenalty {
    private GradientPenalty() {}

    /** Random interpolates between two batches of the same shape, one t per sample. */
    public static Tensor interpolate(Tensor a, Tensor b) {
        return interpolate(a, b, 1);
    }

    /** As above with one t per entry of the first {@code lead} dimensions, e.g. per sample and critic of (B, K, …). */
    public static Tensor interpolate(Tensor a, Tensor b, int lead) {
        long[] tShape = new long[(int) a.dim()];
        Arrays.fill(tShape, 1);
        for (int i = 0; i < lead; i++) tShape[i] = a.size(i);
        Tensor t = Ops.rand(a.device(), tShape);                     // (B, 1, …)
        return b.detach().add(t.mul(a.detach().sub(b.detach())));   // (B, …)
    }

    /**
     * The penalty from scores of interpolates that require grad; lets callers score the
     * interpolates in the same batched critic call as the phases. The scores must come
     * from a call inside {@link Convolutions#twiceDifferentiable} (as {@link #of} makes them).
     */
    public static Tensor fromScores(Tensor scores, Tensor interpolates) {
        return Ops.add(gradientNorms(scores, interpolates, 1), -1.0).square().mean();
    }

    /**
     * The penalty of K critics evaluated in one batched call: {@code scores} (B, K) of
     * {@code interpolates} (B, K, …) whose slice k only critic k reads; the gradient norm
     * per sample and critic, (‖∇‖ − 1)² averaged over the batch and summed over critics.
     */
    public static Tensor grouped(Tensor scores, Tensor interpolates) {
        Tensor norm = gradientNorms(scores, interpolates, 2);                                          // (B, K)
        return Ops.add(norm, -1.0).square().mean(new long[] {0}, false, new ScalarTypeOptional()).sum();
    }

    /** ‖∂scores/∂interpolates‖ per entry of the first {@code lead} dimensions (the rest summed over), with a graph. */
    private static Tensor gradientNorms(Tensor scores, Tensor interpolates, int lead) {
        TensorVector grads = torch.grad(new TensorVector(scores), new TensorVector(interpolates),
                new TensorVector(torch.ones_like(scores)), new BoolOptional(true), true, false);
        Tensor g = lead == 1 ? Ops.flatten(grads.get(0))                                             // (B, D)
                : grads.get(0).reshape(interpolates.size(0), interpolates.size(1), -1);              // (B, K, D)
        Reference.reachabilityFence(grads); // get(0) is a view into grads, not an owner
        return Ops.add(g.square().sum(new long[] {lead}, false, new ScalarTypeOptional()), 1e-12).sqrt();
    }

    /** The penalty of {@code critic} between {@code a} and {@code b} (detached), standalone. */
    public static Tensor of(Critic critic, Tensor a, Tensor b) {
        Tensor x = interpolate(a, b).requires_grad_(true);
        return fromScores(Flops.penalty(() -> Convolutions.twiceDifferentiable(() -> critic.forward(x).score())), x);
    }
}
