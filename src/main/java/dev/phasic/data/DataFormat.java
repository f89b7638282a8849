package dev.phasic.data;

import dev.phasic.io.Words;
import dev.phasic.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a {@code --data} value holds, decided in this one place, with one vocabulary for
 * what went wrong: the embedded digits, a folder of MNIST-format IDX files, CIFAR-10
 * binary batches, a folder of images with one subfolder per class, or a Moving MNIST
 * {@code .npy} file of sequences.
 */
public enum DataFormat {
    EMBEDDED("the embedded digits"),
    MNIST_IDX("an MNIST-format folder (train-images-idx3-ubyte …)"),
    CIFAR10("CIFAR-10 binary batches (data_batch_*.bin)"),
    IMAGE_FOLDER("a folder of images with one subfolder per class"),
    NPY_SEQUENCES("a .npy file of sequences (frames, sequences, H, W)");

    private final String description;

    DataFormat(String description) {
        this.description = description;
    }

    /** The format of {@code source}, or a one-line error saying what was expected. */
    public static DataFormat of(String source) {
        return detect(source, "expected " + list(values()));
    }

    /** The format of {@code source} if {@code recipe} reads it; otherwise a one-line error naming what it reads. */
    public static DataFormat require(String source, String recipe, DataFormat... accepted) {
        String reads = "the " + recipe + " recipe reads " + list(accepted);
        DataFormat f = detect(source, reads);
        if (Arrays.asList(accepted).contains(f)) return f;
        throw new UserError(reads + "; " + source + " holds " + f.description);
    }

    /** As {@link #of}; a folder of none of the formats is reported with {@code expected}. */
    private static DataFormat detect(String source, String expected) {
        if (Mnist.EMBEDDED.equals(source)) return EMBEDDED;
        Path path = Path.of(source);
        if (source.toLowerCase(Locale.ROOT).endsWith(".npy")) {
            if (!Files.isRegularFile(path)) throw new UserError("data file not found: " + path);
            return NPY_SEQUENCES;
        }
        if (!Files.isDirectory(path)) throw new UserError("data folder not found: " + path);
        if (Cifar10.looksLike(path)) return CIFAR10;
        if (Mnist.looksLike(path)) return MNIST_IDX;
        if (ImageFolder.looksLike(path)) return IMAGE_FOLDER;
        throw new UserError("cannot tell what " + path + " holds: " + expected);
    }

    /** "A, B or C" (a description's own commas, as in "(frames, sequences, H, W)", stay). */
    private static String list(DataFormat[] formats) {
        return Words.either(Arrays.stream(formats).map(f -> f.description).toList());
    }
}
