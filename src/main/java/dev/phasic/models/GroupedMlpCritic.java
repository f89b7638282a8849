package dev.phasic.models;

import dev.phasic.nn.Module;
import dev.phasic.nn.Parameter;
import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * K independent local critics of the same shape evaluated in one batched call: each is
 * an MLP {@code d → H → H → 1} with LeakyReLU(0.2), initialised as {@code torch.nn.Linear}.
 * Input (B, K, d): population k's activity in slot k. {@link #scores} gives every
 * critic's score (B, K); {@link #forward} their sum, so the Wasserstein terms add up
 * as Σ_l in Eq. 7. Many small critics cost about as much as one.
 */
public final class GroupedMlpCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Parameter w1, b1, w2, b2, w3, b3;

    public GroupedMlpCritic(int critics, int inputs, int hidden, Device device) {
        w1 = registerParameter("w1", uniform(inputs, critics, inputs, hidden));  // (K, d, H)
        b1 = registerParameter("b1", uniform(inputs, critics, 1, hidden));       // (K, 1, H)
        w2 = registerParameter("w2", uniform(hidden, critics, hidden, hidden));  // (K, H, H)
        b2 = registerParameter("b2", uniform(hidden, critics, 1, hidden));
        w3 = registerParameter("w3", uniform(hidden, critics, hidden, 1));       // (K, H, 1)
        b3 = registerParameter("b3", uniform(hidden, critics, 1, 1));
        to(device);
    }

    private static Tensor uniform(long fanIn, long... shape) {
        double bound = 1.0 / Math.sqrt(fanIn);
        return torch.empty(shape).uniform_(-bound, bound, new GeneratorOptional());
    }

    /** (B, K, d) → (B, K): every critic's score of its own population. */
    public Tensor scores(Tensor input) {
        Tensor x = input.transpose(0, 1);                                                  // (K, B, d)
        Tensor h = Ops.leakyReluInPlace(torch.baddbmm(b1.value(), x, w1.value()), SLOPE);  // (K, B, H)
        h = Ops.leakyReluInPlace(torch.baddbmm(b2.value(), h, w2.value()), SLOPE);         // (K, B, H)
        return torch.baddbmm(b3.value(), h, w3.value()).squeeze(2).transpose(0, 1);        // (B, K)
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor s = scores(input);
        return new Scored(s.sum(new long[] {1}, false, new ScalarTypeOptional()), s);
    }

    @Override
    public Module module() {
        return this;
    }
}
