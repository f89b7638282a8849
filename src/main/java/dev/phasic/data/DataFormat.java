package dev.phasic.data;

import dev.phasic.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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
    IMAGE_FOLDER("a folder of images, one subfolder per class"),
    NPY_SEQUENCES("a .npy file of sequences (frames, sequences, H, W)");

    private final String description;

    DataFormat(String description) {
        this.description = description;
    }

    /** The format of {@code source}, or a one-line error saying what was expected. */
    public static DataFormat of(String source) {
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
        throw new UserError("cannot tell what " + path + " holds: expected " + list(values()));
    }

    /** The format of {@code source} if {@code recipe} reads it; otherwise a one-line error naming what it reads. */
    public static DataFormat require(String source, String recipe, DataFormat... accepted) {
        DataFormat f = of(source);
        if (Arrays.asList(accepted).contains(f)) return f;
        throw new UserError("the " + recipe + " recipe reads " + list(accepted) + "; " + source + " holds " + f.description);
    }

    private static String list(DataFormat[] formats) {
        return Arrays.stream(formats).map(f -> f.description).collect(Collectors.joining(", ", "", ""))
                .replaceFirst(", ([^,]*)$", " or $1");
    }
}
