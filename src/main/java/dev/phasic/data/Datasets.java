package dev.phasic.data;

import java.nio.file.Path;

/**
 * Finds what a {@code --data} value holds and brings it to a recipe's image size:
 * {@code embedded}, an MNIST-format folder, CIFAR-10 binary batches, or an image folder.
 */
public final class Datasets {
    private Datasets() {}

    /** Any still-image format ({@link DataFormat}), each image brought to {@code imageSize}. */
    public static Mnist.Splits load(String source, int imageSize, String recipe) {
        Mnist.Splits raw = switch (DataFormat.require(source, recipe, DataFormat.EMBEDDED, DataFormat.MNIST_IDX,
                DataFormat.CIFAR10, DataFormat.IMAGE_FOLDER)) {
            case EMBEDDED -> Mnist.embedded();
            case MNIST_IDX -> Mnist.folder(Path.of(source));
            case CIFAR10 -> Cifar10.load(Path.of(source));
            default -> null;
        };
        if (raw == null) return ImageFolder.load(Path.of(source), imageSize);
        return new Mnist.Splits(Images.toSize(raw.train(), imageSize), Images.toSize(raw.test(), imageSize));
    }
}
