package dev.phasic.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import dev.phasic.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every --data value is recognised in one place, and a recipe that cannot read it says what it reads. */
class DataFormatTest {
    @TempDir Path dir;

    @Test
    void detectsEachFormat() throws Exception {
        Path cifar = Files.createDirectories(dir.resolve("cifar"));
        Files.write(cifar.resolve("data_batch_1.bin"), new byte[0]);
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
        Path folder = Files.createDirectories(dir.resolve("folder").resolve("cats"));
        Path npy = Files.write(dir.resolve("seq.npy"), new byte[0]);
        assertEquals(DataFormat.EMBEDDED, DataFormat.of("embedded"));
        assertEquals(DataFormat.CIFAR10, DataFormat.of(cifar.toString()));
        assertEquals(DataFormat.MNIST_IDX, DataFormat.of(mnist.toString()));
        assertEquals(DataFormat.IMAGE_FOLDER, DataFormat.of(folder.getParent().toString()));
        assertEquals(DataFormat.NPY_SEQUENCES, DataFormat.of(npy.toString()));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(UserError.class, () -> DataFormat.of(empty.toString())).getMessage().startsWith("cannot tell what"));
        assertTrue(assertThrows(UserError.class, () -> DataFormat.of(dir.resolve("none").toString())).getMessage()
                .startsWith("data folder not found"));
        String m = assertThrows(UserError.class, () -> DataFormat.require(cifar.toString(), "mnist-recurrent",
                DataFormat.EMBEDDED, DataFormat.MNIST_IDX)).getMessage();
        assertEquals("the mnist-recurrent recipe reads the embedded digits or an MNIST-format folder (train-images-idx3-ubyte …); "
                + cifar + " holds CIFAR-10 binary batches (data_batch_*.bin)", m);
    }

    @Test
    void anUnknownFolderIsAnsweredWithWhatTheRecipeReads() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("cannot tell what " + empty + " holds: the moving-mnist recipe reads the embedded digits, an MNIST-format folder "
                + "(train-images-idx3-ubyte …) or a .npy file of sequences (frames, sequences, H, W)",
                assertThrows(UserError.class, () -> DataFormat.require(empty.toString(), "moving-mnist",
                        DataFormat.EMBEDDED, DataFormat.MNIST_IDX, DataFormat.NPY_SEQUENCES)).getMessage());
        assertTrue(assertThrows(UserError.class, () -> DataFormat.of(empty.toString())).getMessage()
                .endsWith("a folder of images with one subfolder per class or a .npy file of sequences (frames, sequences, H, W)"));
    }

    @Test
    void recipesRefuseFormatsTheyCannotReadInOneLine() throws Exception {
        Path npy = Files.write(dir.resolve("seq.npy"), new byte[0]);
        assertTrue(TestSupport.fails(2, "train", "--data", npy.toString(), "--steps", "1", "--out", dir.resolve("a").toString())
                .contains("the mnist-recurrent recipe reads"));
        assertTrue(TestSupport.fails(2, "train", "--recipe", "hierarchical", "--data", npy.toString(), "--steps", "1",
                "--out", dir.resolve("b").toString()).contains("holds a .npy file of sequences"));
    }
}
