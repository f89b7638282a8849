package dev.phasic.data;

import dev.phasic.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class Cifar10Test {
    @TempDir Path dir;

    /** Writes batches in the official layout: label byte, then R, G, B planes of 32×32. */
    public static byte[] batch(int n, int seed) {
        byte[] raw = new byte[n * Cifar10.RECORD];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            raw[i * Cifar10.RECORD] = (byte) (i % 10);
            for (int k = 1; k < Cifar10.RECORD; k++) raw[i * Cifar10.RECORD + k] = (byte) r.nextInt(256);
        }
        return raw;
    }

    @Test
    void readsTheOfficialFormat() throws Exception {
        for (int b = 1; b <= 5; b++) Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(4, b));
        byte[] test = batch(3, 9);
        Files.write(dir.resolve("test_batch.bin"), test);
        Mnist.Splits s = Cifar10.load(dir);
        assertEquals(20, s.train().count());
        assertEquals(3, s.test().count());
        assertEquals(3, s.test().channels());
        assertEquals(2, s.test().labels()[2]);
        byte[] second = Arrays.copyOfRange(test, Cifar10.RECORD + 1, 2 * Cifar10.RECORD);
        assertArrayEquals(second, Arrays.copyOfRange(s.test().pixels(), 3072, 6144), "R, G, B planes in order");
        Mnist.Splits viaDatasets = Datasets.load(dir.toString(), 32, "hierarchical");
        assertEquals(20, viaDatasets.train().count());
    }

    @Test
    void malformedFilesNameTheFile() throws Exception {
        Path truncated = dir.resolve("test_batch.bin");
        Files.write(truncated, Arrays.copyOf(batch(2, 1), 2 * Cifar10.RECORD - 100));
        UserError e = assertThrows(UserError.class, () -> Cifar10.read(truncated));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("3073"), e.getMessage());
        byte[] bad = batch(2, 1);
        bad[Cifar10.RECORD] = 42;
        Files.write(truncated, bad);
        UserError label = assertThrows(UserError.class, () -> Cifar10.read(truncated));
        assertTrue(label.getMessage().contains("label 42"), label.getMessage());
        Files.write(dir.resolve("data_batch_1.bin"), batch(1, 1));
        UserError missing = assertThrows(UserError.class, () -> Cifar10.load(dir));
        assertTrue(missing.getMessage().contains("data_batch_2.bin"), missing.getMessage());
    }

    @Test
    void mnistIsPaddedTo32() {
        Mnist.Splits s = Datasets.load("embedded", 32, "hierarchical");
        assertEquals(32, s.train().height());
        assertEquals(1, s.train().channels());
        float[] img = s.train().image(0);
        for (int x = 0; x < 32; x++) assertEquals(-1f, img[x], "top rows are padding");
        Mnist.Splits big = Datasets.load("embedded", 64, "hierarchical");
        assertEquals(64, big.test().width());
    }
}
