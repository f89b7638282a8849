package dev.phasic.models;

import dev.phasic.nn.Container;
import dev.phasic.nn.Conv2d;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * How the video model's decoder emits a frame (docs/DESIGN.md §3C): two 3×3 convolutions of
 * {@value #HIDDEN} channels (ReLU) and a 1×1 output, on the decoder state beside what the
 * encoder read (the frame and its change). {@code TRANSFORM}: per 4×4 patch a 9-tap
 * horizontal and a 9-tap vertical softmax kernel move the frame read before (a translation
 * by up to ±{@value #SHIFT} pixels, a convex combination, so the background stays −1), and a
 * per-pixel mask composites it with newly drawn pixels (tanh), after the DNA/CDNA decoders of
 * Finn et al. 2016 used by Lee et al. 2018. {@code DRAW}: every pixel anew,
 * {@code clamp(h·tanh(v/h), −1, 1)}. Its layers are the generation network's
 * {@code head_hidden}, {@code head_hidden2} and {@code head_out}.
 */
final class FrameHead {
    /** The largest shift, in pixels, of the transform decoder's kernels. */
    static final int SHIFT = 4;
    private static final int TAPS = 2 * SHIFT + 1;
    private static final int HIDDEN = 32;
    private static final int PATCH = VideoPredictor.PATCH;
    /**
     * The mask's initial logit: σ(6) ≈ 0.998 on the moved frame, and a gradient of σ'(6) ≈ 0.0025
     * on the mask, so the drawn pixels cannot take over (an empty frame is the quickest way
     * down the error) before the kernels have learnt to move the digits.
     */
    private static final double MASK_BIAS = 6;

    private final Conv2d headHidden;
    private final Conv2d headHidden2;
    private final Conv2d headOut;
    private final VideoPredictor.Decoder decoder;
    private final double headroom;

    /** Registers its layers in {@code into}, reading {@code in} channels per patch. */
    FrameHead(Container into, long in, VideoPredictor.Decoder decoder, double headroom) {
        this.decoder = decoder;
        this.headroom = headroom;
        int patchChannels = PATCH * PATCH;
        boolean transform = decoder == VideoPredictor.Decoder.TRANSFORM;
        headHidden = into.add("head_hidden", new Conv2d(in, HIDDEN, 3, 1, 1));
        headHidden2 = into.add("head_hidden2", new Conv2d(HIDDEN, HIDDEN, 3, 1, 1));
        headOut = into.add("head_out", new Conv2d(HIDDEN, transform ? 2L * TAPS + 2L * patchChannels : patchChannels, 1, 1, 0));
        if (transform) {
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor bias = headOut.stateDict().get("bias");
                bias.narrow(0, SHIFT, 1).fill_(new Scalar(2.0));                              // kernels start near the identity
                bias.narrow(0, TAPS + SHIFT, 1).fill_(new Scalar(2.0));
                bias.narrow(0, 2L * TAPS, patchChannels).fill_(new Scalar(MASK_BIAS));        // the mask starts on the moved frame
                bias.narrow(0, 2L * TAPS + patchChannels, patchChannels).fill_(new Scalar(-2.0)); // drawn pixels start near background
            }
        }
    }

    /**
     * Decoder state, the frame read before and what the encoder read with it (the frame and
     * its change, as patches) → the next frame, (B, 1, S, S) in [−1, 1]. The head sees the
     * change itself, so "move as the last step moved" is a local rule it can learn before the
     * states have learnt to carry motion.
     */
    Tensor emit(Tensor state, Tensor previous, Tensor read) {
        int pc = PATCH * PATCH;
        Tensor hidden = torch.relu(headHidden2.forward(torch.relu(headHidden.forward(Ops.cat(List.of(state, read), 1)))));
        Tensor params = headOut.forward(hidden);                                   // (B, n, S/4, S/4)
        if (decoder == VideoPredictor.Decoder.DRAW) {
            Tensor v = torch.pixel_shuffle(params, PATCH);                       // (B, 1, S, S)
            return inRange(Ops.mul(torch.tanh(Ops.mul(v, 1 / headroom)), headroom));
        }
        Tensor kx = perPixel(torch.softmax(params.narrow(1, 0, TAPS), 1));          // (B, 9, S, S)
        Tensor ky = perPixel(torch.softmax(params.narrow(1, TAPS, TAPS), 1));
        Tensor mask = torch.sigmoid(torch.pixel_shuffle(params.narrow(1, 2L * TAPS, pc), PATCH));         // (B, 1, S, S)
        Tensor drawn = torch.tanh(torch.pixel_shuffle(params.narrow(1, 2L * TAPS + pc, pc), PATCH));
        Tensor moved = shift(shift(previous, kx, 3), ky, 2);
        return inRange(drawn.add(mask.mul(moved.sub(drawn))));                     // m·moved + (1 − m)·drawn, rounding kept in range
    }

    /** Clamped to the data's [−1, 1]. */
    private static Tensor inRange(Tensor t) {
        return t.clamp(new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));
    }

    /**
     * A per-pixel convex combination of {@code frame}'s neighbours along {@code dim} (3: width,
     * 2: height), offsets −SHIFT … SHIFT weighted by {@code kernel} (B, TAPS, S, S); pixels
     * from beyond the frame are background.
     */
    private static Tensor shift(Tensor frame, Tensor kernel, int dim) {
        long s = frame.size(dim);
        long[] pad = dim == 3 ? new long[] {SHIFT, SHIFT, 0, 0} : new long[] {0, 0, SHIFT, SHIFT};
        Tensor padded = torch.constant_pad_nd(frame, pad, new Scalar(-1.0));
        Tensor[] taps = new Tensor[TAPS];
        for (int d = 0; d < TAPS; d++) taps[d] = padded.narrow(dim, d, s);
        Tensor stacked = torch.cat(new TensorVector(taps), 1);                     // (B, TAPS, S, S)
        return stacked.mul(kernel).sum(new long[] {1}, true, new ScalarTypeOptional());
    }

    /** Per-patch values (B, K, S/4, S/4) → the same for each of the patch's pixels, (B, K, S, S). */
    private static Tensor perPixel(Tensor t) {
        long b = t.size(0), k = t.size(1), s = t.size(2);
        return t.unsqueeze(3).unsqueeze(5).expand(new long[] {b, k, s, PATCH, s, PATCH}).reshape(b, k, s * PATCH, s * PATCH);
    }
}
