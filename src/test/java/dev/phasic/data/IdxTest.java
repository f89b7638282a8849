package dev.phasic.data;

import dev.phasic.UserError;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir Path dir;

    @Test
    void roundTripRawAndGzip() throws Exception {
        byte[] data = new byte[3 * 28 * 28];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        for (boolean gz : new boolean[] {false, true}) {
            byte[] file = Idx.write(new int[] {3, 28, 28}, data, gz);
            Idx.Array a = Idx.read(new ByteArrayInputStream(file), "x", Idx.IMAGES_MAGIC);
            assertArrayEquals(new int[] {3, 28, 28}, a.dims());
            assertArrayEquals(data, a.data());
        }
    }

    @Test
    void truncatedWrongMagicAndGarbledGiveClearErrors() throws Exception {
        byte[] file = Idx.write(new int[] {2, 28, 28}, new byte[2 * 784], false);
        UserError truncated = assertThrows(UserError.class,
                () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 10)), "imgs", Idx.IMAGES_MAGIC));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains("imgs"), truncated.getMessage());
        UserError magic = assertThrows(UserError.class,
                () -> Idx.read(new ByteArrayInputStream(file), "labels-file", Idx.LABELS_MAGIC));
        assertEquals("IDX magic must be 2049, found 2051 in labels-file", magic.getMessage());
        byte[] gz = Idx.write(new int[] {2, 28, 28}, new byte[2 * 784], true);
        UserError garbled = assertThrows(UserError.class,
                () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length / 2)), "g.gz", Idx.IMAGES_MAGIC));
        assertTrue(garbled.getMessage().contains("g.gz"), garbled.getMessage());
    }

    @Test
    void folderWithWrongImageSizeIsRejected() throws Exception {
        Files.write(dir.resolve("train-images-idx3-ubyte"), Idx.write(new int[] {2, 32, 32}, new byte[2 * 1024], false));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), Idx.write(new int[] {2}, new byte[2], false));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), Idx.write(new int[] {2, 32, 32}, new byte[2 * 1024], false));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Idx.write(new int[] {2}, new byte[2], false));
        UserError e = assertThrows(UserError.class, () -> Mnist.folder(dir));
        assertTrue(e.getMessage().contains("28×28, found 32×32"), e.getMessage());
    }

    @Test
    void embeddedDigitsHaveTheFixedSplit() {
        Mnist.Splits s = Mnist.embedded();
        assertEquals(8000, s.train().count());
        assertEquals(2000, s.test().count());
        int[] perClass = new int[10];
        for (byte l : s.test().labels()) perClass[l]++;
        for (int c = 0; c < 10; c++) assertTrue(perClass[c] > 150, "class " + c + " has " + perClass[c] + " test digits");
        float[] img = s.train().image(0);
        double max = 0, min = 0;
        for (float v : img) { max = Math.max(max, v); min = Math.min(min, v); }
        assertEquals(-1.0, min, 1e-6);
        assertTrue(max > 0.9, "pixels scaled to [-1, 1]");
    }
}
