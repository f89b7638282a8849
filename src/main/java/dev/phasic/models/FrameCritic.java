package dev.phasic.models;

import dev.phasic.nn.BatchNorm2d;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The frame critic of architecture C (docs/DESIGN.md §3C): two convolutions, each followed by
 * batch normalisation and LeakyReLU(0.2), then a linear score. It reads frames cut into
 * {@link VideoPredictor#PATCH}×{@link VideoPredictor#PATCH} patches, as the predictor
 * does: a 3×3 convolution on the patch grid, then a 4×4 stride-2 one. Two stride-2
 * convolutions on the pixels held 16 values per pixel in the first hidden map alone
 * and were most of a training step (1650 → 980 ms/step, docs/METHODS.md). Its features
 * φ are both hidden maps, flattened and concatenated.
 */
public final class FrameCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Conv2d c1;
    private final BatchNorm2d n1;
    private final Conv2d c2;
    private final BatchNorm2d n2;
    private final Linear out;

    /** Frames of {@code channels}×{@code size}×{@code size}, size a multiple of 2·PATCH. */
    public FrameCritic(int channels, int size, int hidden1, int hidden2, Device device) {
        int patch = VideoPredictor.PATCH;
        c1 = registerModule("c1", new Conv2d((long) channels * patch * patch, hidden1, 3, 1, 1));
        n1 = registerModule("n1", new BatchNorm2d(hidden1));
        c2 = registerModule("c2", new Conv2d(hidden1, hidden2, 4, 2, 1));
        n2 = registerModule("n2", new BatchNorm2d(hidden2));
        int s2 = size / patch / 2;
        out = registerModule("out", new Linear((long) hidden2 * s2 * s2, 1));
        to(device);
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor patches = torch.pixel_unshuffle(input, VideoPredictor.PATCH);     // (B, 16C, S/4, S/4)
        Tensor a1 = Ops.leakyRelu(n1.forward(c1.forward(patches)), SLOPE);      // (B, H1, S/4, S/4)
        Tensor a2 = Ops.leakyRelu(n2.forward(c2.forward(a1)), SLOPE);           // (B, H2, S/8, S/8)
        Tensor features = Ops.cat(List.of(Ops.flatten(a1), Ops.flatten(a2)), 1);
        return new Scored(out.forward(Ops.flatten(a2)).reshape(-1), features);
    }

    @Override
    public boolean batchStatistics() {
        return true;
    }

    @Override
    public Module module() {
        return this;
    }
}
