package dev.phasic.cli;

import dev.phasic.data.Cifar10Test;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot grids and the reconstruct command on test sets smaller than a grid. */
class SmallTestSetTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 40})
    void gridsFitAnyTestSetSize(int testImages) throws Exception {
        Path data = dir.resolve("cifar");
        Files.createDirectories(data);
        for (int b = 1; b <= 5; b++) Files.write(data.resolve("data_batch_" + b + ".bin"), Cifar10Test.batch(40, b));
        Files.write(data.resolve("test_batch.bin"), Cifar10Test.batch(testImages, 9));
        Path run = dir.resolve("run");
        assertEquals(0, Main.run("train", "--recipe", "hierarchical", "--data", data.toString(), "--width", "0.125",
                "--batch-size", "8", "--steps", "2", "--out", run.toString()));
        Path grid = run.resolve("reconstructions/step-00000002.png");
        assertTrue(Files.isRegularFile(grid), "reconstruction grid written");
        int rows = (Math.min(50, testImages) + 9) / 10;
        assertEquals(2 * rows * 33 + 1, ImageIO.read(grid.toFile()).getHeight(), "two rows of 32 px per row of inputs");
        Path out = dir.resolve("rec.png");
        assertEquals(0, Main.run("reconstruct", run.toString(), "--n", Integer.toString(testImages), "--out", out.toString()));
        assertTrue(Files.isRegularFile(out));
    }
}
