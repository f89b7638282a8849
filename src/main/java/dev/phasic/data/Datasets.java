package dev.phasic.data;

import dev.phasic.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds what a {@code --data} value holds and brings it to a recipe's image size:
 * {@code embedded}, an MNIST-format folder, CIFAR-10 binary batches, or an image folder.
 */
public final class Datasets {
    private Datasets() {}

    public static Mnist.Splits load(String source, int imageSize) {
        Mnist.Splits raw;
        if (Mnist.EMBEDDED.equals(source)) {
            raw = Mnist.embedded();
        } else {
            Path dir = Path.of(source);
            if (!Files.isDirectory(dir)) throw new UserError("data folder not found: " + dir);
            if (Cifar10.looksLike(dir)) raw = Cifar10.load(dir);
            else if (Mnist.looksLike(dir)) raw = Mnist.folder(dir);
            else if (ImageFolder.looksLike(dir)) return ImageFolder.load(dir, imageSize);
            else throw new UserError("cannot tell what " + dir + " holds: expected MNIST IDX files, CIFAR-10 "
                        + "data_batch_*.bin, or one subfolder of images per class");
        }
        return new Mnist.Splits(Images.toSize(raw.train(), imageSize), Images.toSize(raw.test(), imageSize));
    }
}
