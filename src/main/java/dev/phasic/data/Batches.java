package dev.phasic.data;

import dev.phasic.UserError;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Seeded mini-batches over a dataset held whole on the device. The order of epoch e
 * is a permutation fixed by (seed, e), so a resumed run sees the same batches; the
 * last incomplete batch of each epoch is dropped. Build outside any pointer scope.
 */
public final class Batches implements BatchSource {
    private final Tensor bytes;  // (N, C, H, W) uint8, on the device
    private final PixelLevels levels;
    private final Tensor labels; // (N,) int64
    private final int count;
    private final int batchSize;
    private final long seed;
    private final Device device;
    private long cachedEpoch = -1;
    private Tensor order;        // (N,) int64 permutation of the cached epoch

    public Batches(ImageDataset data, int batchSize, long seed, Device device) {
        if (batchSize > data.count()) {
            throw new UserError("batch size " + batchSize + " exceeds the " + data.count() + " training images");
        }
        this.bytes = PixelLevels.bytes(data.pixels(), device, data.count(), data.channels(), data.height(), data.width());
        this.levels = new PixelLevels(device);
        long[] l = new long[data.count()];
        for (int i = 0; i < l.length; i++) l[i] = data.labels()[i] & 0xff;
        this.labels = AbstractTensor.create(l, l.length).to(device, torch.ScalarType.Long);
        this.count = data.count();
        this.batchSize = batchSize;
        this.seed = seed;
        this.device = device;
    }

    @Override
    public int stepsPerEpoch() {
        return count / batchSize;
    }

    /** The images of global step {@code step}: (B, C, H, W). */
    @Override
    public Tensor images(long step) {
        return levels.decode(bytes.index_select(0, indices(step)));
    }

    public Tensor labels(long step) {
        return labels.index_select(0, indices(step));
    }

    private Tensor indices(long step) {
        long epoch = step / stepsPerEpoch();
        if (epoch != cachedEpoch) {
            if (order != null) order.close();
            order = permutation(epoch);
            cachedEpoch = epoch;
        }
        return order.narrow(0, (step % stepsPerEpoch()) * batchSize, batchSize);
    }

    /** A Fisher–Yates permutation of 0 … n−1 drawn from {@code rng}. */
    public static long[] shuffled(int n, SplittableRandom rng) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private Tensor permutation(long epoch) {
        long[] p = shuffled(count, new SplittableRandom(seed * 1_000_003L + epoch));
        try (PointerScope outside = new PointerScope()) {
            Tensor t = AbstractTensor.create(p, count).to(device, torch.ScalarType.Long);
            t.retainReference();
            return t;
        }
    }
}
