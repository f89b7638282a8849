package dev.phasic.models;

import dev.phasic.nn.BatchNorm2d;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * The frame critic of architecture C (DESIGN §3C): two 4×4 stride-2 convolutions, each
 * followed by batch normalisation and LeakyReLU(0.2), then a linear score. Its features
 * φ are both hidden maps, flattened and concatenated.
 */
public final class FrameCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Conv2d c1;
    private final BatchNorm2d n1;
    private final Conv2d c2;
    private final BatchNorm2d n2;
    private final Linear out;

    /** Frames of {@code channels}×{@code size}×{@code size}, size divisible by 4. */
    public FrameCritic(int channels, int size, int hidden1, int hidden2, Device device) {
        c1 = registerModule("c1", new Conv2d(channels, hidden1, 4, 2, 1));
        n1 = registerModule("n1", new BatchNorm2d(hidden1));
        c2 = registerModule("c2", new Conv2d(hidden1, hidden2, 4, 2, 1));
        n2 = registerModule("n2", new BatchNorm2d(hidden2));
        out = registerModule("out", new Linear((long) hidden2 * (size / 4) * (size / 4), 1));
        to(device);
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor a1 = Ops.leakyRelu(n1.forward(c1.forward(input)), SLOPE); // (B, H1, S/2, S/2)
        Tensor a2 = Ops.leakyRelu(n2.forward(c2.forward(a1)), SLOPE);    // (B, H2, S/4, S/4)
        Tensor features = Ops.cat(List.of(Ops.flatten(a1), Ops.flatten(a2)), 1);
        return new Scored(out.forward(Ops.flatten(a2)).reshape(-1), features);
    }

    @Override
    public Module module() {
        return this;
    }
}
