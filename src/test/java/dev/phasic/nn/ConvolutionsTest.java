package dev.phasic.nn;

import dev.phasic.torch.Native;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The convolution kernels Phasic calls return exact gradients at the shapes of its recipes,
 * at one and two threads, to second order. The shapes are those at which libtorch's oneDNN
 * kernels on channel-blocked (NCHW) tensors returned wrong input gradients on AVX-512 CPUs
 * (docs/METHODS.md, "Convolutions on AVX-512"): with {@code torch.conv2d} on NCHW tensors in
 * place of {@link Convolutions} these tests fail on such a CPU. Two references: the adjoint
 * identity {@code Σ ∇x·v = Σ conv(v)·∇y}, exact for a linear map and free of any kernel, and
 * libtorch's own im2col kernels (oneDNN switched off) for every output and the gradient of
 * the squared input gradient (the gradient penalty's second-order path, taken inside
 * {@link Convolutions#twiceDifferentiable} as the penalty takes it). Before each check the
 * memory the allocator has just freed is filled with NaN, so a kernel that reads memory
 * nobody wrote returns NaN here instead of passing by luck: without the batch padding of
 * the second-order route, batches 24 and 40 fail on such a CPU.
 */
class ConvolutionsTest {
    /** in, out, map size, kernel, stride, padding, transposed (0/1). */
    private static final List<int[]> SHAPES = List.of(
            new int[] {1, 4, 32, 4, 2, 1, 0}, new int[] {1, 8, 64, 4, 2, 1, 0}, new int[] {3, 8, 32, 4, 2, 1, 0},
            new int[] {4, 2, 32, 3, 1, 1, 0}, new int[] {8, 8, 16, 3, 1, 1, 0}, new int[] {32, 6, 32, 3, 1, 1, 0},
            new int[] {8, 2, 64, 3, 1, 1, 0}, new int[] {25, 25, 2, 3, 1, 1, 0}, new int[] {8, 25, 2, 2, 1, 1, 0},
            new int[] {64, 50, 1, 3, 1, 1, 0}, new int[] {256, 200, 1, 3, 1, 1, 0}, new int[] {16, 32, 4, 4, 2, 1, 0},
            new int[] {1, 8, 16, 4, 2, 1, 1}, new int[] {8, 8, 16, 4, 2, 1, 1}, new int[] {25, 16, 1, 4, 2, 1, 1},
            new int[] {64, 32, 4, 4, 2, 1, 1}, new int[] {16, 8, 8, 3, 1, 1, 0}, new int[] {8, 16, 8, 4, 2, 1, 0},
            new int[] {40, 32, 8, 3, 1, 1, 0}, new int[] {13, 13, 1, 1, 1, 0, 0});

    /** Batch sizes: oneDNN picks its kernel by the whole problem, batch included. */
    private static final int[] BATCHES = Integer.getInteger("batches.all", 0) > 0 ? new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 24, 32, 48, 64, 100} : new int[] {1, 8, 16, 24, 40, 64};

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void gradientsAreExactAtTheRecipesShapes(int threads) {
        Native.init();
        int before = torch.get_num_threads();
        torch.set_num_threads(threads);
        try {
            for (int[] s : SHAPES) {
                for (int batch : BATCHES) {
                    try (PointerScope scope = new PointerScope()) {
                        check(s, batch);
                    }
                }
            }
        } finally {
            torch.set_num_threads(before);
        }
    }

    private static void check(int[] s, int batch) {
        String name = (s[6] == 1 ? "transposed " : "") + "in " + s[0] + " out " + s[1] + " map " + s[2] + " k " + s[3]
                + " stride " + s[4] + " batch " + batch;
        torch.manual_seed(batch);
        Tensor x = torch.randn(batch, s[0], s[2], s[2]);
        Tensor w = (s[6] == 1 ? torch.randn(s[0], s[1], s[3], s[3]) : torch.randn(s[1], s[0], s[3], s[3])).mul_(new org.bytedeco.pytorch.Scalar(0.1));
        Tensor b = torch.randn(s[1]);
        Tensor[] ours = run(x, w, b, s, false);
        Tensor gy = torch.randn(ours[0].sizes().vec().get());
        ours = run(x, w, b, s, false, gy);
        Tensor[] reference = run(x, w, b, s, true, gy);

        Tensor v = torch.randn(x.sizes().vec().get());
        double adjoint = forward(v, w, null, s, false).mul(gy).sum().item_double();
        double ours1 = ours[1].mul(v).sum().item_double();
        assertEquals(adjoint, ours1, 1e-4 * (Math.abs(adjoint) + 1), name + ": Σ ∇x·v against Σ conv(v)·∇y");
        String[] parts = {"output", "input gradient", "weight gradient", "bias gradient", "second-order weight gradient"};
        for (int i = 0; i < parts.length; i++) {
            assertTrue(torch.isfinite(ours[i]).all().item_bool(), name + ": " + parts[i] + " not finite");
            double scale = reference[i].abs().max().item_double() + 1e-6;
            double error = ours[i].sub(reference[i]).abs().max().item_double() / scale;
            assertTrue(error < 1e-4, name + ": " + parts[i] + " differs from libtorch's im2col kernel by " + error + " of its largest entry");
        }
    }

    private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, int[] s, boolean reference) {
        return run(x0, w0, b0, s, reference, null);
    }

    /** Output, ∇x, ∇w, ∇b for the output gradient {@code gy} (ones if null), and ∂Σ(∇x)²/∂w. */
    private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, int[] s, boolean reference, Tensor gy) {
        poisonFreedMemory();
        torch.globalContext().setUserEnabledMkldnn(!reference);
        try {
            Tensor x = x0.clone().requires_grad_(true), w = w0.clone().requires_grad_(true), b = b0.clone().requires_grad_(true);
            Tensor y = forward(x, w, b, s, reference);
            Tensor g = gy == null ? torch.ones_like(y) : gy;
            TensorVector grads = torch.grad(new TensorVector(y), new TensorVector(x, w, b), new TensorVector(g),
                    new BoolOptional(true), true, false);
            Tensor gx = grads.get(0), gw = grads.get(1), gb = grads.get(2);
            Tensor x2 = x0.clone().requires_grad_(true), w2 = w0.clone().requires_grad_(true);
            Tensor y2 = reference ? forward(x2, w2, b, s, true) : Convolutions.twiceDifferentiable(() -> forward(x2, w2, b, s, false));
            Tensor gx2 = torch.grad(new TensorVector(y2), new TensorVector(x2), new TensorVector(g),
                    new BoolOptional(true), true, false).get(0);
            Tensor second = torch.grad(new TensorVector(gx2.square().sum()), new TensorVector(w2), new TensorVector(),
                    new BoolOptional(false), false, false).get(0);
            return new Tensor[] {y.detach().clone(), gx.detach().clone(), gw.detach().clone(), gb.detach().clone(), second.clone()};
        } finally {
            torch.globalContext().setUserEnabledMkldnn(true);
        }
    }

    /** Allocates and frees NaN-filled buffers of many sizes, so the next allocations likely reuse them. */
    private static void poisonFreedMemory() {
        try (PointerScope scope = new PointerScope()) {
            for (long n = 256; n < 4_000_000; n = n * 3 / 2) torch.full(new long[] {n}, new org.bytedeco.pytorch.Scalar(Float.NaN)).close();
        }
    }

    private static Tensor forward(Tensor x, Tensor w, Tensor b, int[] s, boolean reference) {
        TensorOptional bias = b == null ? new TensorOptional() : new TensorOptional(b);
        if (reference) {
            return s[6] == 1
                    ? torch.conv_transpose2d(x, w, bias, new long[] {s[4], s[4]}, new long[] {s[5], s[5]}, new long[] {0, 0}, 1, 1, 1)
                    : torch.conv2d(x, w, bias, new long[] {s[4], s[4]}, new long[] {s[5], s[5]}, new long[] {1, 1}, 1);
        }
        return s[6] == 1 ? Convolutions.convTranspose2d(x, w, b, s[4], s[5]) : Convolutions.conv2d(x, w, b, s[4], s[5]);
    }
}
