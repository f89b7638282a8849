package dev.phasic.torch;

import java.util.function.Supplier;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * World-size invariant noise for data-parallel training. Inside {@link #during}, every
 * noise tensor whose first dimension runs over this rank's rows is drawn for all
 * {@code world} ranks' rows, from the generator every rank holds in the same state, and
 * this rank keeps its slice. So N processes with B/N rows each draw what one process
 * with B rows draws, and all generators stay in step. Outside (or with one process)
 * nothing changes.
 */
public final class Shard {
    private static final ThreadLocal<int[]> CURRENT = new ThreadLocal<>(); // {rank, world}

    private Shard() {}

    /** Runs {@code action} as rank {@code rank} of {@code world}. */
    public static <T> T during(int rank, int world, Supplier<T> action) {
        if (world <= 1) return action.get();
        int[] before = CURRENT.get();
        CURRENT.set(new int[] {rank, world});
        try {
            return action.get();
        } finally {
            CURRENT.set(before);
        }
    }

    /** Whether this thread is inside {@link #during} with more than one rank. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Standard normal noise of {@code shape}, sharded inside {@link #during}. */
    static Tensor randn(Device device, long[] shape) {
        int[] c = CURRENT.get();
        if (c == null) return torch.randn(shape, new TensorOptions(device));
        return slice(torch.randn(global(shape, c[1]), new TensorOptions(device)), shape[0], c[0]);
    }

    /** Uniform [0, 1) noise of {@code shape}, sharded inside {@link #during}. */
    static Tensor rand(Device device, long[] shape) {
        int[] c = CURRENT.get();
        if (c == null) return torch.rand(shape, new TensorOptions(device));
        return slice(torch.rand(global(shape, c[1]), new TensorOptions(device)), shape[0], c[0]);
    }

    private static long[] global(long[] shape, int world) {
        long[] g = shape.clone();
        g[0] *= world;
        return g;
    }

    private static Tensor slice(Tensor all, long rows, int rank) {
        return all.narrow(0, rank * rows, rows).contiguous();
    }
}
