package dev.phasic.nn;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The convolution kernels Phasic calls, chosen for correctness first (docs/METHODS.md,
 * "Convolutions on AVX-512"). libtorch's oneDNN kernels on channel-blocked layouts (the
 * ones it picks for NCHW tensors) return wrong input gradients on AVX-512 CPUs whenever
 * a channel count is not a multiple of the 16-lane block, and race under several threads;
 * its channels-last (NHWC) kernels are exact. So every map and every weight enters a
 * convolution channels-last (the weight decides where the map is 1×1 and its layout is
 * ambiguous). A map of one channel, whose weight is ambiguous too, would take the blocked
 * path, so it goes through libtorch's own im2col-and-GEMM kernel instead (cheap at one
 * channel); a 1×1 kernel on a 1×1 map, ambiguous as well, is the linear map it is.
 *
 * <p>The second order needs care of its own. libtorch differentiates a convolution's input
 * gradient (the gradient penalty's path) by a convolution of its own making in which the
 * batch plays the input channels, in neither NCHW nor NHWC layout, so oneDNN takes its
 * blocked kernel again: when that count is above one 16-lane block and not a multiple of
 * it, the kernel reads padding nobody wrote, and a NaN left there by earlier work comes
 * out as a NaN weight gradient (the video recipe diverged at step 1 in about one run of
 * three at a batch of 24 rows). libtorch's own kernel (thnn_conv2d) fails there too. So
 * inside {@link #twiceDifferentiable} a convolution pads its batch with zero rows to a
 * multiple of 16 (rows that change no value or gradient) and drops them after; a map of
 * one channel, which fails at any batch, is an unfold (im2col) and a matrix product
 * instead, whose derivatives of every order are unfolds, folds and matrix products.
 * ConvolutionsTest fills freed memory with NaN before each check to show it.
 */
public final class Convolutions {
    /** oneDNN's channel block on AVX-512: 16 float lanes. */
    private static final long BLOCK = 16;
    private static final ThreadLocal<Boolean> SECOND_ORDER = ThreadLocal.withInitial(() -> false);

    private Convolutions() {}

    /**
     * Runs {@code action} with every convolution of this thread taking the exact route to the
     * second order described above, so the graph it returns can be differentiated twice (a
     * critic's scores of interpolates, whose input gradient the penalty trains through).
     */
    public static <T> T twiceDifferentiable(Supplier<T> action) {
        boolean previous = SECOND_ORDER.get();
        SECOND_ORDER.set(true);
        try {
            return action.get();
        } finally {
            SECOND_ORDER.set(previous);
        }
    }

    /** (B, in, H, W) with weight (out, in, k, k) and bias (out) or null → (B, out, H', W'), channels-last unless in = 1. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        long[] s = {stride, stride}, p = {padding, padding};
        if (SECOND_ORDER.get()) {
            if (x.size(1) == 1) return unfolded(x, weight, bias, s, p);
            if (x.size(0) % BLOCK != 0) return blockRows(x, rows -> conv2d(rows, weight, bias, stride, padding));
        }
        if (weight.size(2) == 1 && weight.size(3) == 1 && padding == 0 && x.size(2) == 1 && x.size(3) == 1) {
            // a 1×1 kernel on a 1×1 map: a linear map, and a layout oneDNN would read as blocked
            return torch.linear(x.reshape(x.size(0), -1), weight.reshape(weight.size(0), -1), optional(bias))
                    .view(x.size(0), weight.size(0), 1, 1);
        }
        if (x.size(1) == 1) {
            return torch.thnn_conv2d(x.contiguous(), weight, new long[] {weight.size(2), weight.size(3)},
                    optional(bias), s, p);
        }
        return torch.conv2d(channelsLast(x), channelsLast(weight), optional(bias), s, p,
                new long[] {1, 1}, 1);
    }

    /** (B, in, H, W) with weight (in, out, k, k) → (B, out, (H−1)·stride − 2·padding + k, …), channels-last unless in = 1. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        long[] s = {stride, stride}, p = {padding, padding};
        if (SECOND_ORDER.get()) {
            if (x.size(1) == 1) return folded(x, weight, bias, s, p);
            if (x.size(0) % BLOCK != 0) return blockRows(x, rows -> convTranspose2d(rows, weight, bias, stride, padding));
        }
        if (x.size(1) == 1) {
            return torch.slow_conv_transpose2d(x.contiguous(), weight, new long[] {weight.size(2), weight.size(3)},
                    optional(bias), s, p, new long[] {0, 0}, new long[] {1, 1});
        }
        return torch.conv_transpose2d(channelsLast(x), channelsLast(weight), optional(bias), s, p,
                new long[] {0, 0}, 1, new long[] {1, 1});
    }

    /** {@code conv} of {@code x}'s rows padded with zero rows to a multiple of {@link #BLOCK}, the padding dropped after. */
    private static Tensor blockRows(Tensor x, UnaryOperator<Tensor> conv) {
        long rows = x.size(0), padded = (rows + BLOCK - 1) / BLOCK * BLOCK;
        long[] shape = x.sizes().vec().get();
        shape[0] = padded - rows;
        Tensor y = conv.apply(torch.cat(new TensorVector(x, x.new_zeros(shape)), 0));
        return y.narrow(0, 0, rows);
    }

    /** conv2d as W·unfold(x): (out, in·k²) by (B, in·k², H'·W'). */
    private static Tensor unfolded(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding) {
        long batch = x.size(0), out = weight.size(0);
        long[] k = {weight.size(2), weight.size(3)};
        long h = (x.size(2) + 2 * padding[0] - k[0]) / stride[0] + 1, w = (x.size(3) + 2 * padding[1] - k[1]) / stride[1] + 1;
        Tensor cols = torch.im2col(x.contiguous(), k, new long[] {1, 1}, padding, stride);        // (B, in·k², H'·W')
        Tensor y = torch.matmul(weight.reshape(out, -1), cols).view(batch, out, h, w);             // (B, out, H', W')
        return bias == null ? y : y.add(bias.view(1, out, 1, 1));
    }

    /** conv_transpose2d as fold(Wᵀ·x): (out·k², in) by (B, in, H·W), folded to (B, out, H', W'). */
    private static Tensor folded(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding) {
        long batch = x.size(0), in = weight.size(0), out = weight.size(1);
        long[] k = {weight.size(2), weight.size(3)};
        long h = (x.size(2) - 1) * stride[0] - 2 * padding[0] + k[0], w = (x.size(3) - 1) * stride[1] - 2 * padding[1] + k[1];
        Tensor cols = torch.matmul(weight.reshape(in, -1).t(), x.reshape(batch, in, -1));        // (B, out·k², H·W)
        Tensor y = torch.col2im(cols, new long[] {h, w}, k, new long[] {1, 1}, padding, stride);  // (B, out, H', W')
        return bias == null ? y : y.add(bias.view(1, out, 1, 1));
    }

    private static TensorOptional optional(Tensor bias) {
        return bias == null ? new TensorOptional() : new TensorOptional(bias);
    }

    /** The same values in NHWC order (a no-op when already so); autograd passes through. */
    private static Tensor channelsLast(Tensor t) {
        return t.contiguous(torch.MemoryFormat.ChannelsLast);
    }
}
