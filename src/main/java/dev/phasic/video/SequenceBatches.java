package dev.phasic.video;

import dev.phasic.data.BatchSource;
import dev.phasic.data.PixelLevels;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Freshly generated Moving MNIST batches: step {@code s} holds sequences
 * {@code s·B … s·B+B−1} of the seed's stream, so no two steps repeat a sequence and a
 * resumed run sees the same ones. An "epoch" is a nominal {@code epochSize} sequences.
 */
public final class SequenceBatches implements BatchSource {
    private final MovingMnist generator;
    private final int batchSize;
    private final long seed;
    private final int epochSize;
    private final Device device;
    private final PixelLevels levels;

    public SequenceBatches(MovingMnist generator, int batchSize, long seed, int epochSize, Device device) {
        this.generator = generator;
        this.batchSize = batchSize;
        this.seed = seed;
        this.epochSize = epochSize;
        this.device = device;
        this.levels = new PixelLevels(device);
    }

    @Override
    public int stepsPerEpoch() {
        return Math.max(1, epochSize / batchSize);
    }

    /** (B, T, size, size) in [-1, 1]. */
    @Override
    public Tensor images(long step) {
        byte[] px = generator.sequences(seed, step * batchSize, batchSize);
        return levels.decode(PixelLevels.bytes(px, device, batchSize, generator.frames(), generator.size(), generator.size()));
    }
}
