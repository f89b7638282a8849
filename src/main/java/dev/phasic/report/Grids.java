package dev.phasic.report;

import dev.phasic.data.ImageDataset;
import dev.phasic.evaluation.Activity;
import dev.phasic.training.Session;
import dev.phasic.torch.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/**
 * Sample and reconstruction grids. Prior noise comes from a Java generator seeded by
 * the run's seed, so every grid of a run shows the same top-layer draws. Call inside
 * a pointer scope, without grad.
 */
public final class Grids {
    private static final int VIDEO_SEQUENCES = 6;

    private Grids() {}

    public static void write(Session s, Path samplesPng, Path reconstructionsPng, int samples, int inputs)
            throws IOException {
        ImageDataset test = s.data.test();
        if (s.model instanceof dev.phasic.models.VideoPredictor video) {
            // dreams and the first test sequence's predictions stand in for samples and reconstructions
            if (samplesPng != null) VideoGrids.writeSleep(video, samplesPng, VIDEO_SEQUENCES);
            if (reconstructionsPng != null) {
                VideoStrips.writeStrip(reconstructionsPng, VideoGrids.predict(video, test, 0, VIDEO_SEQUENCES / 2, s.device));
            }
            return;
        }
        if (samplesPng != null) writeSamples(s, samplesPng, samples);
        if (reconstructionsPng != null) writeReconstructions(s, test, reconstructionsPng, inputs);
    }

    /** Prior samples; for the video model, {@code n} sleep sequences (rows of predicted-length dreams). */
    public static void writeSamples(Session s, Path png, int n) throws IOException {
        if (s.model instanceof dev.phasic.models.VideoPredictor video) {
            VideoGrids.writeSleep(video, png, n);
            return;
        }
        ImageDataset d = s.data.test();
        Tensor top = fixedPrior(s, n);
        float[] images = Ops.toFloats(s.model.generate(top));
        ImageGrid.write(png, images, n, d.channels(), d.height(), d.width(), 10);
    }

    /** Rows of 10 test inputs, each followed by a row of their reconstructions. */
    public static void writeReconstructions(Session s, ImageDataset test, Path png, int n) throws IOException {
        int size = test.imageSize();
        Tensor x = Activity.images(test, 0, n, s.device);
        float[] in = Ops.toFloats(x);
        float[] rec = Ops.toFloats(s.model.reconstruct(x));
        int rows = (n + 9) / 10;
        float[] tiled = new float[2 * rows * 10 * size];
        java.util.Arrays.fill(tiled, -1f);
        for (int i = 0; i < n; i++) {
            int row = i / 10;
            int col = i % 10;
            System.arraycopy(in, i * size, tiled, ((2 * row) * 10 + col) * size, size);
            System.arraycopy(rec, i * size, tiled, ((2 * row + 1) * 10 + col) * size, size);
        }
        ImageGrid.write(png, tiled, 2 * rows * 10, test.channels(), test.height(), test.width(), 10);
    }

    private static Tensor fixedPrior(Session s, int n) {
        Random rng = new Random(s.config.seed() ^ 0x5eed);
        Tensor shape = s.model.prior(1);
        long[] dims = Ops.shape(shape);
        dims[0] = n;
        long count = 1;
        for (long d : dims) count *= d;
        float[] z = new float[(int) count];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        return Ops.fromFloats(z, s.device, dims);
    }
}
