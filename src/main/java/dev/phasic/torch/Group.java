package dev.phasic.torch;

import dev.phasic.EnvironmentFault;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * A data-parallel process group on libtorch's c10d: a {@code TCPStore} rendezvous served
 * by rank 0 and a Gloo process group for CPU tensors, or NCCL for CUDA ones (written for
 * CUDA builds of libtorch; this project's CPU build cannot run it). Collectives go in buckets of at most
 * {@link #BUCKET_FLOATS} floats, one call per bucket; every call waits at most the
 * group's timeout, so a rank that died or hangs ends the others with one line.
 */
public final class Group {
    /** 4 M floats (16 MB) per all-reduce call. */
    static final long BUCKET_FLOATS = 4L << 20;
    public final int rank;
    public final int world;
    private final TCPStore store;
    private final Backend group;
    private final long timeoutMs;
    private final Device device;

    private Group(int rank, int world, TCPStore store, Backend group, long timeoutMs,
                  Device device) {
        this.rank = rank;
        this.world = world;
        this.store = store;
        this.group = group;
        this.timeoutMs = timeoutMs;
        this.device = device;
    }

    /** Joins the group of {@code world} processes whose rank 0 serves {@code host:port}, for tensors on {@code device}. */
    public static Group join(String host, int port, int rank, int world, long timeoutMs, Device device) {
        Native.init();
        try {
            TCPStoreOptions o = new TCPStoreOptions();
            o.port((short) port);
            o.isServer(rank == 0);
            o.numWorkers(new SizeTPointer(1).put(world));
            o.timeout(new Milliseconds(timeoutMs));
            TCPStore store = new TCPStore(host, o);
            if (device.is_cuda()) {
                return new Group(rank, world, store, new ProcessGroupNCCL(store, rank, world), timeoutMs, device);
            }
            ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(timeoutMs));
            options.devices(new GlooDeviceVector(ProcessGroupGloo.createDeviceForHostname(host)));
            return new Group(rank, world, store, new ProcessGroupGloo(store, rank, world, options), timeoutMs, device);
        } catch (RuntimeException e) {
            throw new EnvironmentFault("rank " + rank + " of " + world + " could not join the group at " + host + ":" + port
                    + ": " + Native.firstLine(e));
        }
    }

    /** Whether {@code mine} is true on any rank; every rank must call it at the same point. */
    public boolean anyTrue(boolean mine) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor flag = Ops.fromFloats(new float[] {mine ? 1f : 0f}, device, 1);
            run("all-reduce", () -> group.allreduce(new TensorVector(flag))._wait(new Milliseconds(timeoutMs)));
            return flag.item_double() > 0;
        }
    }

    /** Replaces each tensor by the mean of its values over the ranks (gradients after a backward pass). */
    public void allreduceMean(List<Tensor> tensors) {
        for (List<Tensor> bucket : buckets(tensors)) {
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor flat = flatten(bucket);
                run("all-reduce", () -> group.allreduce(new TensorVector(flat))._wait(new Milliseconds(timeoutMs)));
                flat.div_(new Scalar((double) world));
                unflatten(flat, bucket);
            }
        }
    }

    /** Copies rank 0's values into every rank's tensors (weights at the start). */
    public void broadcast(List<Tensor> tensors) {
        for (List<Tensor> bucket : buckets(tensors)) {
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor flat = flatten(bucket);
                run("broadcast", () -> group.broadcast(new TensorVector(flat), new BroadcastOptions().rootRank(0))
                        ._wait(new Milliseconds(timeoutMs)));
                unflatten(flat, bucket);
            }
        }
    }

    private void run(String what, BooleanSupplier call) {
        try {
            if (!call.getAsBoolean()) throw new RuntimeException("timed out after " + timeoutMs + " ms");
        } catch (RuntimeException e) {
            throw new EnvironmentFault("rank " + rank + " of " + world + ": " + what + " failed (another rank stopped or "
                    + "hangs): " + Native.firstLine(e));
        }
    }

    private static List<List<Tensor>> buckets(List<Tensor> tensors) {
        List<List<Tensor>> out = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long size = 0;
        for (Tensor t : tensors) {
            if (!current.isEmpty() && size + t.numel() > BUCKET_FLOATS) {
                out.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.numel();
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    private static Tensor flatten(List<Tensor> bucket) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : bucket) flat.add(t.reshape(-1));
        return torch.cat(new TensorVector(flat.toArray(new Tensor[0])), 0);
    }

    private static void unflatten(Tensor flat, List<Tensor> bucket) {
        long at = 0;
        for (Tensor t : bucket) {
            t.copy_(flat.narrow(0, at, t.numel()).view(t.sizes()));
            at += t.numel();
        }
    }

}
