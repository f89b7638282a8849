package dev.phasic.video;

import dev.phasic.nn.Container;
import dev.phasic.nn.Conv2d;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.Device;
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
    private final VideoOptions.PixelOutput output;
    /** Moved copies of the source per patch, each by its own kernels, among which the mask chooses per pixel. */
    private final int transforms;
    /** Told of every frame emitted (null: nobody listens); the evaluation's view of the mask and kernels. */
    private Consumer<Decoded> watcher;

    /**
     * How one frame was composed: {@code moved}, the weight per pixel (B, 1, S, S) of the moved
     * copies together (the rest is drawn); {@code peak}, per sequence (B), the largest tap
     * weight of the fine kernels, averaged over patches, both axes and the copies, each copy
     * alike whatever the mask gives it (1: a pure translation, 1/9: a uniform blur).
     */
    record Decoded(Tensor moved, Tensor peak) {}
    /** The fine kernels' taps per axis, offsets −SHIFT … SHIFT. */
    private static final int TAPS = 2 * SHIFT + 1;
    /**
     * The context decoder's coarse kernels: offsets {@code TAPS·a} for |a| ≤ coarseReach, so a
     * coarse and a fine offset together reach every shift up to {@code TAPS·coarseReach + SHIFT}
     * pixels, each in one way (0 for the other decoders).
     */
    private final int coarseReach;

    /**
     * Registers its layers in {@code into}, reading {@code in} channels per patch, for frames of
     * side {@code frameSize} (the context decoder's kernels reach as far as a digit can travel).
     */
    FrameHead(Container into, long in, VideoPredictor.Decoder decoder, double headroom, int frameSize, VideoOptions.PixelOutput output,
              int transforms) {
        this.decoder = decoder;
        this.headroom = headroom;
        this.output = output;
        this.transforms = decoder == VideoPredictor.Decoder.DRAW ? 0 : transforms;
        boolean context = decoder == VideoPredictor.Decoder.CONTEXT;
        this.coarseReach = context ? (int) Math.ceil((contextReach(frameSize) - SHIFT) / (double) TAPS) : 0;
        int patchChannels = PATCH * PATCH, coarseTaps = context ? 2 * coarseReach + 1 : 0;
        boolean moves = decoder != VideoPredictor.Decoder.DRAW;
        headHidden = into.add("head_hidden", new Conv2d(in, HIDDEN, 3, 1, 1));
        headHidden2 = into.add("head_hidden2", new Conv2d(HIDDEN, HIDDEN, 3, 1, 1));
        long k = this.transforms;
        headOut = into.add("head_out", new Conv2d(HIDDEN, moves ? 2L * TAPS * k + (k + 1) * patchChannels + 2L * coarseTaps : patchChannels, 1, 1, 0));
        if (moves) {
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor bias = headOut.stateDict().get("bias");
                for (long t = 0; t < k; t++) {
                    bias.narrow(0, 2 * TAPS * t + SHIFT, 1).fill_(new Scalar(2.0));          // fine kernels start near the identity
                    bias.narrow(0, 2 * TAPS * t + TAPS + SHIFT, 1).fill_(new Scalar(2.0));
                }
                bias.narrow(0, 2L * TAPS * k, k * patchChannels).fill_(new Scalar(MASK_BIAS));     // the mask starts on the moved frames
                bias.narrow(0, 2L * TAPS * k + k * patchChannels, patchChannels).fill_(new Scalar(-2.0)); // drawn pixels start near background
                long first = 2L * TAPS * k + (k + 1) * patchChannels;
                for (int axis = 0; axis < 2 && context; axis++) {
                    for (int a = -coarseReach; a <= coarseReach; a++) {
                        bias.narrow(0, first + (long) axis * coarseTaps + coarseReach + a, 1).fill_(new Scalar(coarseLogit(a)));
                    }
                }
            }
        }
    }

    /**
     * How far a digit can travel from the last context frame: the free range of a 28-pixel
     * digit in a 64-pixel frame, 36 pixels, scaled to the frame.
     */
    static int contextReach(int frameSize) {
        return Math.max(SHIFT, (int) Math.ceil(frameSize * 36.0 / 64));
    }

    /**
     * The coarse kernels' initial logit at {@code a}: +2 at 0, like the fine kernels, so the
     * decoder starts by moving the last context frame a few pixels. (A broad start, a Gaussian
     * over every offset a digit may travel, blurred the source over the frame and stayed a
     * haze after 200 steps: docs/METHODS.md.)
     */
    private double coarseLogit(int a) {
        return a == 0 ? 2.0 : 0.0;
    }

    /**
     * Decoder state, the frame read before and what the encoder read with it (the frame and
     * its change, as patches) → the next frame, (B, 1, S, S) in [−1, 1]. The head sees the
     * change itself, so "move as the last step moved" is a local rule it can learn before the
     * states have learnt to carry motion.
     */
    Tensor emit(Tensor state, Tensor previous, Tensor read) {
        return emit(state, previous, read, previous);
    }

    /** As {@link #emit(Tensor, Tensor, Tensor)}, moving {@code source} (the context decoder: the last context frame). */
    Tensor emit(Tensor state, Tensor previous, Tensor read, Tensor source) {
        int pc = PATCH * PATCH;
        Tensor hidden = Ops.reluInPlace(headHidden2.forward(Ops.reluInPlace(headHidden.forward(Ops.cat(List.of(state, read), 1)))));
        Tensor params = headOut.forward(hidden);                                   // (B, n, S/4, S/4)
        if (decoder == VideoPredictor.Decoder.DRAW) {
            return inRange(squash(torch.pixel_shuffle(params, PATCH), headroom));   // (B, 1, S, S)
        }
        long k = transforms;
        Tensor drawn = squash(torch.pixel_shuffle(params.narrow(1, 2L * TAPS * k + k * pc, pc), PATCH),
                output == VideoOptions.PixelOutput.EXACT ? headroom : 1);
        if (coarseReach > 0) {                                                     // the context decoder: a coarse shift first
            long first = 2L * TAPS * k + (k + 1) * pc, coarseTaps = 2L * coarseReach + 1;
            Tensor cx = torch.softmax(params.narrow(1, first, coarseTaps), 1);
            Tensor cy = torch.softmax(params.narrow(1, first + coarseTaps, coarseTaps), 1);
            source = coarseShift(coarseShift(source, cx, 3), cy, 2);
        }
        List<Tensor> kernels = kernels(params);
        if (k == 1) {
            Tensor mask = torch.sigmoid(torch.pixel_shuffle(params.narrow(1, 2L * TAPS, pc), PATCH));     // (B, 1, S, S)
            Tensor moved = moved(source, kernels, 0);
            if (watcher != null) watcher.accept(new Decoded(mask, peak(kernels)));
            return inRange(drawn.add(mask.mul(moved.sub(drawn))));                 // m·moved + (1 − m)·drawn, rounding kept in range
        }
        // a softmax per pixel over the k moved copies (logits as the mask's) and the drawn pixels (logit 0)
        Tensor logits = torch.pixel_shuffle(params.narrow(1, 2L * TAPS * k, k * pc), PATCH);               // (B, k, S, S)
        Tensor weights = torch.softmax(Ops.cat(List.of(logits, torch.zeros_like(drawn)), 1), 1);
        Tensor frame = weights.narrow(1, k, 1).mul(drawn);
        for (int t = 0; t < k; t++) frame = frame.add(weights.narrow(1, t, 1).mul(moved(source, kernels, t)));
        if (watcher != null) watcher.accept(new Decoded(Ops.add(weights.narrow(1, k, 1).neg(), 1.0), peak(kernels)));
        return inRange(frame);
    }

    /**
     * {@link #emit} tells {@code watcher} how each frame was composed (null: nobody); the
     * transform and context decoders only. The tensors are valid during the call only: under
     * an evaluation's scope the loop step that made them frees them when it ends.
     */
    void watch(Consumer<Decoded> watcher) {
        this.watcher = watcher;
    }

    /** The fine kernels in {@code params}' order, (B, 9, S/4, S/4) each: copy t's x kernel at 2t, its y kernel at 2t + 1. */
    private List<Tensor> kernels(Tensor params) {
        List<Tensor> out = new ArrayList<>(2 * transforms);
        for (long i = 0; i < 2L * transforms; i++) out.add(torch.softmax(params.narrow(1, TAPS * i, TAPS), 1));
        return out;
    }

    /** The fine kernels' largest tap, averaged over patches, axes and copies: (B). */
    private static Tensor peak(List<Tensor> kernels) {
        Tensor sum = null;
        for (Tensor kernel : kernels) {
            Tensor max = torch.amax(kernel, new long[] {1}, false);                     // (B, S/4, S/4)
            Tensor mean = max.mean(new long[] {1, 2}, false, new ScalarTypeOptional());
            sum = sum == null ? mean : sum.add(mean);
        }
        return Ops.mul(sum, 1.0 / kernels.size());
    }

    /** {@code source} moved by copy {@code t}'s kernels. */
    private Tensor moved(Tensor source, List<Tensor> kernels, int t) {
        return shift(shift(source, kernels.get(2 * t), 3), kernels.get(2 * t + 1), 2);
    }

    /** {@code h·tanh(v/h)}: plain tanh at h = 1 (as ever), reaching ±1 at a finite v above. */
    private static Tensor squash(Tensor v, double h) {
        return h == 1 ? torch.tanh(v) : Ops.mul(torch.tanh(Ops.mul(v, 1 / h)), h);
    }

    /**
     * Clamped to the data's [−1, 1]. {@code TANH}: libtorch's clamp, whose gradient is zero
     * outside the range. {@code EXACT}: the same values, exactly (t − t is exactly 0), with
     * the gradient passed straight through, so a pixel clamped to the background that should
     * be a digit still learns.
     */
    private Tensor inRange(Tensor t) {
        Tensor clamped = t.clamp(new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));
        if (output == VideoOptions.PixelOutput.TANH) return clamped;
        return clamped.detach().add(t.sub(t.detach()));
    }

    /**
     * As {@link #shift} with offsets {@code TAPS·a}, |a| ≤ coarseReach, by stacking the shifted
     * frames (a band matrix would be as wide as the whole reach).
     */
    Tensor coarseShift(Tensor frame, Tensor kernel, int dim) {
        long b = frame.size(0), s = frame.size(dim), p = s / PATCH, n = kernel.size(1), pad = (long) TAPS * coarseReach;
        Tensor padded = torch.constant_pad_nd(frame, dim == 3 ? new long[] {pad, pad, 0, 0} : new long[] {0, 0, pad, pad}, new Scalar(-1.0));
        Tensor[] shifted = new Tensor[(int) n];
        for (int a = 0; a < n; a++) shifted[a] = padded.narrow(dim, (long) a * TAPS, s);
        Tensor stacked = torch.cat(new TensorVector(shifted), 1).view(b, n, p, PATCH, p, PATCH);
        return stacked.mul(kernel.view(b, n, p, 1, p, 1)).sum(new long[] {1}, true, new ScalarTypeOptional()).view(b, 1, s, s);
    }

    /**
     * A per-pixel convex combination of {@code frame}'s neighbours along {@code dim} (3: width,
     * 2: height), offsets −SHIFT … SHIFT weighted by the per-patch {@code kernel}
     * (B, TAPS, S/4, S/4); pixels from beyond the frame are background. Height is width on
     * the transposed frame.
     */
    Tensor shift(Tensor frame, Tensor kernel, int dim) {
        if (dim == 2) return shiftWidth(frame.transpose(2, 3), kernel.transpose(2, 3)).transpose(2, 3);
        return shiftWidth(frame, kernel);
    }

    /**
     * Along the width, as one small matrix product per patch: output column {@code 4X + j} of
     * patch column X reads the window of padded columns {@code 4X … 4X + 3 + 2·SHIFT} through
     * the banded matrix {@code M[m][j] = kernel[m − j]}: tap t reads the pixel t − SHIFT columns
     * to the right, as {@code padded.narrow(3, t, S)} would.
     * The window and the band are (TAPS + 3)/4 times the frame, where stacking every offset
     * would be TAPS times.
     */
    private Tensor shiftWidth(Tensor frame, Tensor kernel) {
        long b = frame.size(0), s = frame.size(3), p = s / PATCH, window = PATCH + 2L * SHIFT;
        Tensor padded = torch.constant_pad_nd(frame, new long[] {SHIFT, SHIFT, 0, 0}, new Scalar(-1.0));
        Tensor windows = padded.unfold(3, window, PATCH)                              // (B, 1, S, P, W)
                .view(b, p, PATCH, p, window).permute(0, 1, 3, 2, 4);                 // (B, Y, X, i, W)
        Tensor band = torch.index_select(torch.constant_pad_nd(kernel.permute(0, 2, 3, 1), new long[] {PATCH - 1, PATCH - 1}, new Scalar(0.0)),
                3, bandIndex(frame.device())).view(b, p, p, window, PATCH);           // (B, Y, X, W, 4)
        return torch.matmul(windows, band)                                          // (B, Y, X, i, j)
                .permute(0, 1, 3, 2, 4).reshape(b, 1, s, s);
    }

    /**
     * For each window position m and output column j (row-major), the tap of the kernel padded
     * by PATCH − 1 zeros each side: {@code m − j + PATCH − 1}, the zeros outside the band.
     */
    private Tensor bandIndex(Device device) {
        int window = PATCH + 2 * SHIFT;
        long[] index = new long[window * PATCH];
        for (int m = 0; m < window; m++) {
            for (int j = 0; j < PATCH; j++) index[m * PATCH + j] = m - j + PATCH - 1;
        }
        return Ops.fromLongs(index, device);
    }
}
