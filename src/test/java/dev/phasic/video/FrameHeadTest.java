package dev.phasic.video;

import dev.phasic.nn.Container;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder's shifts are exact translations when their kernels are one-hot: tap t of the
 * fine kernel reads the pixel t − 4 away, coarse tap a the pixel 9·(a − coarseReach) away,
 * both along the axis asked for, with background from beyond the border; a kernel that
 * differs per patch moves each patch by its own offset. With {@code --pixel-output exact} the
 * frame reaches the background exactly where the head means background, and still learns there.
 */
class FrameHeadTest {
    private static final Device CPU = new Device("cpu");
    private static final int S = 32, P = S / VideoPredictor.PATCH;

    @Test
    void oneHotKernelsTranslateByTheirOffset() {
        Native.init();
        Rng.seed(2);
        FrameHead head = new FrameHead(new Container(), 8, VideoPredictor.Decoder.CONTEXT, 1.5, S, VideoOptions.PixelOutput.TANH, 1);
        Tensor frame = Ops.rand(CPU, 1, 1, S, S);
        float[] src = Ops.toFloats(frame);
        try (NoGradGuard g = new NoGradGuard()) {
            for (int t : new int[] {0, 3, 4, 8}) {
                for (int dim : new int[] {2, 3}) {
                    assertTranslated(src, Ops.toFloats(head.shift(frame, oneHot(9, t), dim)), dim, t - 4, "fine tap " + t);
                }
            }
            int coarse = 5;                                                // frames of 32: coarse reach 2
            for (int a : new int[] {0, 1, 3, 4}) {
                for (int dim : new int[] {2, 3}) {
                    assertTranslated(src, Ops.toFloats(head.coarseShift(frame, oneHot(coarse, a), dim)), dim, 9 * (a - 2), "coarse tap " + a);
                }
            }
            // per patch: the left half of the patches reads 2 to the right, the right half 1 to the left
            Tensor kernel = oneHot(9, 6);
            kernel.narrow(3, P / 2, P / 2).zero_();
            kernel.narrow(3, P / 2, P / 2).narrow(1, 3, 1).fill_(new Scalar(1.0));
            float[] moved = Ops.toFloats(head.shift(frame, kernel, 3));
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    int from = x < S / 2 ? x + 2 : x - 1;
                    assertEquals(src[y * S + from], moved[y * S + x], 1e-6, "pixel " + y + "," + x);
                }
            }
        }
    }

    /**
     * The mask all on the drawn pixels and those drawn far below the background: tanh leaves
     * them short of −1; exact gives −1 to the bit, and the gradient of the frame still reaches
     * the drawn pixels' pre-activation through the clamp (and, under tanh, nothing is clamped).
     */
    @Test
    void exactOutputReachesTheBackgroundAndStillLearnsThere() {
        Native.init();
        Rng.seed(3);
        for (VideoOptions.PixelOutput output : VideoOptions.PixelOutput.values()) {
            Container into = new Container();
            FrameHead head = new FrameHead(into, 8, VideoPredictor.Decoder.TRANSFORM, 1.5, S, output, 1);
            int pc = VideoPredictor.PATCH * VideoPredictor.PATCH, taps = 2 * FrameHead.SHIFT + 1;
            try (NoGradGuard g = new NoGradGuard()) {
                into.namedParameters().get("head_out.weight").value().zero_();
                Tensor bias = into.namedParameters().get("head_out.bias").value();
                bias.narrow(0, 2L * taps, pc).fill_(new Scalar(-30.0));           // mask: the drawn pixels
                bias.narrow(0, 2L * taps + pc, pc).fill_(new Scalar(-3.0));       // drawn: below the background
            }
            Tensor previous = Ops.rand(CPU, 1, 1, S, S);
            Tensor frame = head.emit(Ops.rand(CPU, 1, 4, P, P), previous, Ops.rand(CPU, 1, 4, P, P));
            float[] pixels = Ops.toFloats(frame);
            frame.sum().backward();
            Tensor grad = into.namedParameters().get("head_out.bias").value().grad().narrow(0, 2L * taps + pc, pc);
            double reach = Ops.toFloats(grad.abs().min())[0];
            for (float v : pixels) {
                if (output == VideoOptions.PixelOutput.EXACT) assertEquals(-1f, v, 0f, "exact: background to the bit");
                else assertEquals(Math.tanh(-3.0), v, 1e-6, "tanh: short of the background");
            }
            // one bias draws one pixel in each of the P² patches, each d pixel / d v = sech²(v/h): h = 1.5 under exact, 1 under tanh
            double want = P * P * Math.pow(1 / Math.cosh(output == VideoOptions.PixelOutput.EXACT ? 2.0 : 3.0), 2);
            assertEquals(want, reach, want * 1e-3, output + ": the gradient reaches every drawn pixel's pre-activation");
        }
    }

    /**
     * Where the head keeps the moved frame (its initial state: kernels near the identity, the
     * mask at logit +6 on the moved copies, the drawn pixels at −2) and the frame read is
     * background, the frame predicted is background: exactly −1 under exact output, for one
     * transform and for four, at every pixel the kernels cannot reach from a digit (more than
     * four pixels from it); under tanh the drawn pixels' share leaves a faint floor above −1.
     */
    @Test
    void farBackgroundWhereTheMovedFrameIsKeptStaysExactlyBackground() {
        Native.init();
        Rng.seed(5);
        Tensor read = torch.zeros(new long[] {1, 1, S, S}).sub(new Scalar(1.0));
        read.narrow(2, 12, 8).narrow(3, 12, 8).fill_(new Scalar(1.0));                // a digit: an 8×8 square
        for (VideoOptions.PixelOutput output : VideoOptions.PixelOutput.values()) {
            for (int k : new int[] {1, 4}) {
                Container into = new Container();
                FrameHead head = new FrameHead(into, 8, VideoPredictor.Decoder.TRANSFORM, 1.5, S, output, k);
                try (NoGradGuard g = new NoGradGuard()) {
                    into.namedParameters().get("head_out.weight").value().zero_();  // the initial biases alone
                    float[] out = Ops.toFloats(head.emit(Ops.rand(CPU, 1, 4, P, P), read, Ops.rand(CPU, 1, 4, P, P)));
                    int far = 0;
                    for (int y = 0; y < S; y++) {
                        for (int x = 0; x < S; x++) {
                            int distance = Math.max(Math.max(12 - y, y - 19), Math.max(12 - x, x - 19));
                            if (distance <= FrameHead.SHIFT) continue;
                            far++;
                            String where = output + ", K = " + k + ", at " + y + "," + x + ": " + out[y * S + x];
                            if (output == VideoOptions.PixelOutput.EXACT) assertEquals(-1f, out[y * S + x], 0f, where);
                            else assertTrue(out[y * S + x] > -1f && out[y * S + x] < -0.9999f, where);
                        }
                    }
                    assertEquals(S * S - 16 * 16, far);
                }
            }
        }
    }

    /**
     * With several transforms, each copy is moved by its own pair of kernels and the mask
     * chooses among them: the mask all on copy t gives the source translated by copy t's
     * offset (2 right for copy 0, 3 down and 1 left for copy 1), and none of the drawn pixels; a
     * watcher sees the whole weight on the moved copies and kernels of peak 1. The context
     * decoder's coarse kernels follow the copies' masks and drawn pixels, and shift every copy.
     */
    @Test
    void theMaskChoosesAmongCopiesEachMovedByItsOwnKernels() {
        Native.init();
        Rng.seed(4);
        int taps = 2 * FrameHead.SHIFT + 1, pc = VideoPredictor.PATCH * VideoPredictor.PATCH, k = 2;
        int[][] offsets = {{0, 2}, {3, -1}};                                        // (down, right) per copy
        for (VideoPredictor.Decoder decoder : List.of(VideoPredictor.Decoder.TRANSFORM, VideoPredictor.Decoder.CONTEXT)) {
            // the context decoder: frames of 32 give coarse reach 2 (taps −2 … 2, 9 pixels apart), after the masks and drawn pixels
            int coarse = decoder == VideoPredictor.Decoder.CONTEXT ? 9 : 0, reach = 2;
            for (int chosen = 0; chosen < k; chosen++) {
                Container into = new Container();
                FrameHead head = new FrameHead(into, 8, decoder, 1.5, S, VideoOptions.PixelOutput.TANH, k);
                long first = 2L * taps * k + (k + 1) * pc;
                assertEquals(first + (coarse > 0 ? 2 * (2 * reach + 1) : 0), into.namedParameters().get("head_out.bias").value().size(0));
                try (NoGradGuard g = new NoGradGuard()) {
                    into.namedParameters().get("head_out.weight").value().zero_();
                    Tensor bias = into.namedParameters().get("head_out.bias").value().fill_(new Scalar(-60.0));
                    for (int t = 0; t < k; t++) {
                        bias.narrow(0, 2L * taps * t + FrameHead.SHIFT + offsets[t][1], 1).fill_(new Scalar(60.0));        // along the width
                        bias.narrow(0, 2L * taps * t + taps + FrameHead.SHIFT + offsets[t][0], 1).fill_(new Scalar(60.0)); // along the height
                    }
                    bias.narrow(0, 2L * taps * k + (long) chosen * pc, pc).fill_(new Scalar(60.0));                      // the mask on copy `chosen`
                    if (coarse > 0) {
                        bias.narrow(0, first + reach + 1, 1).fill_(new Scalar(60.0));                 // coarse x: 9 to the right
                        bias.narrow(0, first + (2 * reach + 1) + reach, 1).fill_(new Scalar(60.0));   // coarse y: none
                    }
                    Tensor source = Ops.rand(CPU, 1, 1, S, S).mul(new Scalar(2)).sub(new Scalar(1));
                    double[] seen = new double[2];
                    head.watch(d -> {
                        seen[0] = Ops.toFloats(d.moved().min())[0];
                        seen[1] = Ops.toFloats(d.peak())[0];
                    });
                    float[] src = Ops.toFloats(source), out = Ops.toFloats(head.emit(Ops.rand(CPU, 1, 4, P, P), source, Ops.rand(CPU, 1, 4, P, P)));
                    assertEquals(1.0, seen[0], 1e-6, "the watcher sees every pixel moved");
                    assertEquals(1.0, seen[1], 1e-6, "and one-hot kernels");
                    for (int y = 0; y < S; y++) {
                        for (int x = 0; x < S; x++) {
                            // the fine shift reads the coarse shift's frame, itself background beyond its border
                            int sy = y + offsets[chosen][0], u = x + offsets[chosen][1], sx = u + coarse;
                            double want = sy < 0 || sy >= S || u < 0 || u >= S || sx < 0 || sx >= S ? -1 : src[sy * S + sx];
                            assertEquals(want, out[y * S + x], 1e-5, decoder + ", copy " + chosen + " at " + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    /** A kernel (1, taps, P, P) with all its weight on tap {@code t} in every patch. */
    private static Tensor oneHot(int taps, int t) {
        Tensor k = torch.zeros(new long[] {1, taps, P, P});
        k.narrow(1, t, 1).fill_(new Scalar(1.0));
        return k;
    }

    /** {@code moved[p] = src[p + offset along dim]}, −1 where that lies beyond the frame. */
    private static void assertTranslated(float[] src, float[] moved, int dim, int offset, String what) {
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                int sy = dim == 2 ? y + offset : y, sx = dim == 3 ? x + offset : x;
                double want = sy < 0 || sy >= S || sx < 0 || sx >= S ? -1 : src[sy * S + sx];
                assertEquals(want, moved[y * S + x], 1e-6, what + " along dim " + dim + " at " + y + "," + x);
            }
        }
    }
}
