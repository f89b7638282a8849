package dev.phasic.video;

import dev.phasic.models.Critic;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The frame critic of architecture C (docs/DESIGN.md §3C): two convolutions, each followed
 * by LeakyReLU(0.2), then a linear score. It reads rows of one or more frames (the video
 * model's layer x: a frame, or the pair of a frame and its successor) cut into
 * {@link VideoPredictor#PATCH}×{@link VideoPredictor#PATCH} patches, as the predictor
 * does: a 3×3 convolution on the patch grid, then a 4×4 stride-2 one. No normalisation:
 * a row's score depends on that row alone, so the gradient penalty on interpolates
 * scored alone bounds the very function the phases meet (Gulrajani et al. advise
 * against batch normalisation in a WGAN-GP critic), and data-parallel workers agree.
 * Its features φ are the last hidden map, the features before the linear score.
 */
public final class FrameCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Conv2d c1;
    private final Conv2d c2;
    private final Linear out;

    /** Rows of {@code channels}×{@code size}×{@code size}, size a multiple of 2·PATCH. */
    public FrameCritic(int channels, int size, int hidden1, int hidden2, Device device) {
        int patch = VideoPredictor.PATCH;
        c1 = registerModule("c1", new Conv2d((long) channels * patch * patch, hidden1, 3, 1, 1));
        c2 = registerModule("c2", new Conv2d(hidden1, hidden2, 4, 2, 1));
        int s2 = size / patch / 2;
        out = registerModule("out", new Linear((long) hidden2 * s2 * s2, 1));
        to(device);
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor patches = torch.pixel_unshuffle(input, VideoPredictor.PATCH);           // (B, 16C, S/4, S/4)
        Tensor a1 = Ops.leakyReluInPlace(c1.forward(patches), SLOPE);                  // (B, H1, S/4, S/4)
        Tensor features = Ops.flatten(Ops.leakyReluInPlace(c2.forward(a1), SLOPE));    // (B, H2·S/8·S/8)
        return new Scored(out.forward(features).reshape(-1), features);
    }

    @Override
    public Module module() {
        return this;
    }
}
