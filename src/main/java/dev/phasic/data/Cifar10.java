package dev.phasic.data;

import dev.phasic.UserError;
import dev.phasic.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CIFAR-10 binary format as distributed: {@code data_batch_1.bin} … {@code data_batch_5.bin}
 * and {@code test_batch.bin}, 3073-byte records (label, then 1024 red, 1024 green, 1024
 * blue bytes of a 32×32 image, row-major).
 */
public final class Cifar10 {
    public static final int RECORD = 3073;

    private Cifar10() {}

    public static boolean looksLike(Path dir) {
        return Files.isRegularFile(dir.resolve("data_batch_1.bin")) || Files.isRegularFile(dir.resolve("test_batch.bin"));
    }

    public static Mnist.Splits load(Path dir) {
        ImageDataset train = null;
        for (int i = 1; i <= 5; i++) {
            ImageDataset part = read(dir.resolve("data_batch_" + i + ".bin"));
            train = train == null ? part : train.concat(part);
        }
        return new Mnist.Splits(train, read(dir.resolve("test_batch.bin")));
    }

    /** One batch file; malformed files fail with the file named. */
    public static ImageDataset read(Path file) {
        if (!Files.isRegularFile(file)) throw new UserError("missing CIFAR-10 file " + file);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        if (raw.length == 0 || raw.length % RECORD != 0) {
            throw new UserError("CIFAR-10 file " + file + " has " + raw.length + " bytes, not a whole number of "
                    + RECORD + "-byte records (truncated or not CIFAR-10 binary)");
        }
        int n = raw.length / RECORD;
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 3072];
        for (int i = 0; i < n; i++) {
            labels[i] = raw[i * RECORD];
            if ((labels[i] & 0xff) > 9) {
                throw new UserError("label " + (labels[i] & 0xff) + " out of range 0..9 in record " + i + " of " + file);
            }
            System.arraycopy(raw, i * RECORD + 1, pixels, i * 3072, 3072);
        }
        return new ImageDataset(file.getFileName().toString(), pixels, labels, n, 3, 32, 32,
                file.getFileName() + " sha256:" + Sha256.hex(raw));
    }
}
