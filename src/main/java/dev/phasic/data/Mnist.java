package dev.phasic.data;

import dev.phasic.UserError;
import dev.phasic.io.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-format data (MNIST, Fashion-MNIST, the embedded digits): a folder with the
 * four standard file names, each raw or {@code .gz}.
 */
public final class Mnist {
    public static final String EMBEDDED = "embedded";
    private static final String RESOURCE = "/dev/phasic/data/embedded/";

    private Mnist() {}

    /** A train/test pair. */
    public record Splits(ImageDataset train, ImageDataset test) {}

    /** {@code embedded} or an MNIST-format folder, for a recipe that reads only digits. */
    public static Splits load(String source, String recipe) {
        return DataFormat.require(source, recipe, DataFormat.EMBEDDED, DataFormat.MNIST_IDX) == DataFormat.EMBEDDED
                ? embedded() : folder(Path.of(source));
    }

    /** About 10k real MNIST digits shipped in the jar (see NOTICE), fixed 8000/2000 split. */
    public static Splits embedded() {
        try {
            return new Splits(read(RESOURCE, "train", true), read(RESOURCE, "t10k", true));
        } catch (IOException e) {
            throw new IllegalStateException("embedded digits unreadable: " + e.getMessage(), e);
        }
    }

    /** Whether a folder holds MNIST-format training images (raw or .gz). */
    public static boolean looksLike(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"));
    }

    public static Splits folder(Path dir) {
        if (!Files.isDirectory(dir)) throw new UserError("data folder not found: " + dir);
        try {
            return new Splits(read(dir.toString() + "/", "train", false), read(dir.toString() + "/", "t10k", false));
        } catch (IOException e) {
            throw new UserError("cannot read MNIST data in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ImageDataset read(String base, String split, boolean resource) throws IOException {
        Source images = open(base, split + "-images-idx3-ubyte", resource);
        Source labels = open(base, split + "-labels-idx1-ubyte", resource);
        Idx.Array im = Idx.read(new ByteArrayInputStream(images.bytes), images.name, Idx.IMAGES_MAGIC);
        Idx.Array lb = Idx.read(new ByteArrayInputStream(labels.bytes), labels.name, Idx.LABELS_MAGIC);
        if (im.dims().length != 3) throw new UserError("expected 3 image dimensions, found " + im.dims().length + " in " + images.name);
        if (im.dims()[1] != 28 || im.dims()[2] != 28) {
            throw new UserError("MNIST images must be 28×28, found " + im.dims()[1] + "×" + im.dims()[2] + " in " + images.name);
        }
        if (lb.count() != im.count()) {
            throw new UserError(images.name + " holds " + im.count() + " images but " + labels.name + " holds "
                    + lb.count() + " labels");
        }
        for (byte l : lb.data()) {
            if ((l & 0xff) > 9) throw new UserError("label " + (l & 0xff) + " out of range 0..9 in " + labels.name);
        }
        String provenance = images.name + " sha256:" + Sha256.hex(images.bytes) + ", " + labels.name + " sha256:"
                + Sha256.hex(labels.bytes);
        return new ImageDataset(resource ? "embedded-mnist-" + split : images.name, im.data(), lb.data(), im.count(), 1,
                28, 28, provenance);
    }

    private record Source(String name, byte[] bytes) {}

    private static Source open(String base, String stem, boolean resource) throws IOException {
        for (String suffix : new String[] {".gz", ""}) {
            String name = base + stem + suffix;
            if (resource) {
                try (InputStream in = Mnist.class.getResourceAsStream(name)) {
                    if (in != null) return new Source("embedded:" + stem + suffix, in.readAllBytes());
                }
            } else if (Files.isRegularFile(Path.of(name))) {
                return new Source(name, Files.readAllBytes(Path.of(name)));
            }
        }
        throw new UserError("missing MNIST file " + base + stem + "[.gz]");
    }

}
