package dev.phasic.models;

import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * The critic of architecture A (docs/DESIGN.md §3A): three linear layers of {@code hidden}
 * units with LeakyReLU(0.2), then a linear score. Inputs are flattened per sample.
 */
public final class MlpCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Linear l1;
    private final Linear l2;
    private final Linear l3;
    private final Linear out;

    public MlpCritic(long inputSize, long hidden, Device device) {
        l1 = registerModule("l1", new Linear(inputSize, hidden));
        l2 = registerModule("l2", new Linear(hidden, hidden));
        l3 = registerModule("l3", new Linear(hidden, hidden));
        out = registerModule("out", new Linear(hidden, 1));
        to(device);
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor h1 = Ops.leakyReluInPlace(l1.forward(Ops.flatten(input)), SLOPE);   // (B, H)
        Tensor h2 = Ops.leakyReluInPlace(l2.forward(h1), SLOPE);                   // (B, H)
        Tensor h3 = Ops.leakyReluInPlace(l3.forward(h2), SLOPE);                   // (B, H)
        Tensor features = Ops.cat(List.of(h1, h2, h3), 1);                         // (B, 3H)
        return new Scored(out.forward(h3).reshape(-1), features);                  // (B), (B, 3H)
    }

    @Override
    public Module module() {
        return this;
    }
}
