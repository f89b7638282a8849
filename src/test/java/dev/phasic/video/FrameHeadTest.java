package dev.phasic.video;

import dev.phasic.nn.Container;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decoder's shifts are exact translations when their kernels are one-hot: tap t of the
 * fine kernel reads the pixel t − 4 away, coarse tap a the pixel 9·(a − coarseReach) away,
 * both along the axis asked for, with background from beyond the border; a kernel that
 * differs per patch moves each patch by its own offset.
 */
class FrameHeadTest {
    private static final Device CPU = new Device("cpu");
    private static final int S = 32, P = S / VideoPredictor.PATCH;

    @Test
    void oneHotKernelsTranslateByTheirOffset() {
        Native.init();
        Rng.seed(2);
        FrameHead head = new FrameHead(new Container(), 8, VideoPredictor.Decoder.CONTEXT, 1.5, S);
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
