package dev.phasic.report;

import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.torch.Ops;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/**
 * Sample and reconstruction grids. Prior noise comes from a Java generator seeded by
 * the run's seed, so every grid of a run shows the same top-layer draws. Call inside
 * a pointer scope, without grad.
 */
public final class Grids {
    private Grids() {}

    /** {@code n} prior samples of an image model as rows of 10. */
    public static void writeSamples(Trained s, Path png, int n) throws IOException {
        ImageDataset d = s.data().test();
        Tensor top = fixedPrior(s, n);
        float[] images = Ops.toFloats(s.model().generate(top));
        ImageGrid.write(png, images, n, d.channels(), d.height(), d.width(), 10);
    }

    /** Rows of 10 test inputs, each followed by a row of their reconstructions. */
    public static void writeReconstructions(Trained s, ImageDataset test, Path png, int wanted) throws IOException {
        int n = Math.min(wanted, test.count()); // a test set smaller than the grid fills what it can
        Tensor x = Images.batch(test, 0, n, s.device());
        writeReconstructions(test, png, Ops.toFloats(x), Ops.toFloats(s.model().reconstruct(x)), n);
    }

    /** The same grid from {@code n} inputs and their reconstructions, already read back. */
    public static void writeReconstructions(ImageDataset test, Path png, float[] in, float[] rec, int n) throws IOException {
        int size = test.imageSize();
        int rows = (n + 9) / 10;
        float[] tiled = new float[2 * rows * 10 * size];
        Arrays.fill(tiled, -1f);
        for (int i = 0; i < n; i++) {
            int row = i / 10;
            int col = i % 10;
            System.arraycopy(in, i * size, tiled, ((2 * row) * 10 + col) * size, size);
            System.arraycopy(rec, i * size, tiled, ((2 * row + 1) * 10 + col) * size, size);
        }
        ImageGrid.write(png, tiled, 2 * rows * 10, test.channels(), test.height(), test.width(), 10);
    }

    private static Tensor fixedPrior(Trained s, int n) {
        Random rng = new Random(s.config().run().seed() ^ 0x5eed);
        Tensor shape = s.model().prior(1);
        long[] dims = Ops.shape(shape);
        dims[0] = n;
        long count = 1;
        for (long d : dims) count *= d;
        float[] z = new float[(int) count];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        return Ops.fromFloats(z, s.device(), dims);
    }
}
