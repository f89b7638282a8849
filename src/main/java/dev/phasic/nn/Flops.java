package dev.phasic.nn;

import java.util.function.Supplier;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;

/**
 * An analytic count of the multiply–add work of a training step: every {@link Linear},
 * {@link Conv2d} and {@link ConvTranspose2d} call adds its forward FLOPs (2 per
 * multiply–add) while a count is open on this thread. The convention, stated once:
 * <ul>
 * <li>a call with autograd off (sampling for a critic step) counts its forward, 1×;</li>
 * <li>a call with autograd on counts its forward and one more forward's worth for each
 * gradient the backward pass will take: with respect to the input if it requires grad,
 * and to the weights if they do (frozen critics in the network step, detached phases at
 * a critic's first layer take one of the two: 2×; otherwise 3×);</li>
 * <li>a call inside a gradient penalty ({@link #penalty}) counts 6×: forward, the input
 * gradient taken with a graph (1×), and the double backward through both (4×).</li>
 * </ul>
 * Element-wise work (activations, normalisation, sampling, Adam) is not counted: it is
 * memory-bound, and the count is meant for the share of a GEMM peak.
 */
public final class Flops {
    private static final ThreadLocal<long[]> COUNT = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> PENALTY = ThreadLocal.withInitial(() -> false);

    private Flops() {}

    /** Runs {@code action} and returns the FLOPs its layer calls did under the convention above. */
    public static long count(Runnable action) {
        long[] previous = COUNT.get();
        long[] c = new long[1];
        COUNT.set(c);
        try {
            action.run();
        } finally {
            COUNT.set(previous);
        }
        return c[0];
    }

    /** Marks the layer calls of {@code action} as a gradient penalty's critic pass. */
    public static <T> T penalty(Supplier<T> action) {
        boolean previous = PENALTY.get();
        PENALTY.set(true);
        try {
            return action.get();
        } finally {
            PENALTY.set(previous);
        }
    }

    /** 2·rows·in·out for a matrix product of (rows, in) by (in, out). */
    public static long linear(long rows, long in, long out) {
        return 2 * rows * in * out;
    }

    /** 2·B·out·H'·W'·in·k² for a convolution producing (B, out, H', W') from {@code in} channels. */
    public static long conv(long batch, long in, long out, long kernel, long outHeight, long outWidth) {
        return 2 * batch * out * outHeight * outWidth * in * kernel * kernel;
    }

    /** 2·B·in·H·W·out·k² for a transposed convolution reading (B, in, H, W). */
    public static long convTranspose(long batch, long in, long out, long kernel, long inHeight, long inWidth) {
        return 2 * batch * in * inHeight * inWidth * out * kernel * kernel;
    }

    /** Whether a count is open on this thread (layers skip computing their FLOPs otherwise). */
    public static boolean active() {
        return COUNT.get() != null;
    }

    /**
     * Counts a layer call of {@code forward} FLOPs ({@link #linear}, {@link #conv}, …) under
     * the convention above, from whether {@code input} and {@code weight} require grad: how
     * a plug-in's own layer (one that calls {@code Ops.linear} directly) enters
     * {@code phasic bench}'s count.
     */
    public static void add(long forward, Tensor input, Tensor weight) {
        long[] c = COUNT.get();
        if (c == null) return;
        long times = 1;
        if (PENALTY.get()) times = 6;
        else if (GradMode.is_enabled()) times += (input.requires_grad() ? 1 : 0) + (weight.requires_grad() ? 1 : 0);
        c[0] += forward * times;
    }
}
