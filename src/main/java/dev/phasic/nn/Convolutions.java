package dev.phasic.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
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
 * channel). Each function is differentiable to second order, as the gradient penalty needs.
 */
public final class Convolutions {
    private Convolutions() {}

    /** (B, in, H, W) with weight (out, in, k, k) and bias (out) or null → (B, out, H', W'), channels-last unless in = 1. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long stride, long padding) {
        long[] s = {stride, stride}, p = {padding, padding};
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
        if (x.size(1) == 1) {
            return torch.slow_conv_transpose2d(x.contiguous(), weight, new long[] {weight.size(2), weight.size(3)},
                    optional(bias), s, p, new long[] {0, 0}, new long[] {1, 1});
        }
        return torch.conv_transpose2d(channelsLast(x), channelsLast(weight), optional(bias), s, p,
                new long[] {0, 0}, 1, new long[] {1, 1});
    }

    private static TensorOptional optional(Tensor bias) {
        return bias == null ? new TensorOptional() : new TensorOptional(bias);
    }

    /** The same values in NHWC order (a no-op when already so); autograd passes through. */
    private static Tensor channelsLast(Tensor t) {
        return t.contiguous(torch.MemoryFormat.ChannelsLast);
    }
}
