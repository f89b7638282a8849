package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phasic sweep}: the grid, the printed commands, and a real sweep that trains, evaluates, compares and skips what is done. */
class SweepTest {
    @Test
    void theGridIsEveryCombinationNamedByItsValues() {
        List<SweepCommand.Point> grid = SweepCommand.grid(SweepCommand.parse(List.of("objective=wake-sleep,combined", "seed=1..3")));
        assertEquals(6, grid.size());
        assertEquals("objective-wake-sleep_seed-1", grid.get(0).name());
        assertEquals("objective-combined_seed-3", grid.get(5).name());
        assertEquals(List.of("--objective", "combined", "--seed", "3"), grid.get(5).args());
        assertEquals("lrCritic", SweepCommand.recordName("lr-critic"));
        assertTrue(TestSupport.userError("sweep", "--out", "x", "--vary", "seed").contains("NAME=V1,V2"));
        assertTrue(TestSupport.userError("sweep", "--out", "x", "--vary", "seed=1,1").contains("repeats"));
        assertTrue(TestSupport.userError("sweep", "--out", "x", "--vary", "seed=3..1").contains("upwards"));
        assertTrue(TestSupport.userError("sweep", "--out", "x", "--vary", "seed=1..2", "--resume", "r").contains("--resume"));
    }

    @Test
    void printGivesOneTrainAndOneEvaluateCommandPerRunAndChecksEachFirst(@TempDir Path dir) {
        String out = TestSupport.stdout("sweep", "--out", dir.toString(), "--vary", "seed=1..2", "--steps", "5", "--hidden", "32",
                "--evaluate", "--n 50", "--print");
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        assertTrue(lines.get(0).startsWith("phasic train --steps 5 --hidden 32 --seed 1 --out " + dir.resolve("seed-1")), lines.get(0));
        assertEquals("phasic evaluate " + dir.resolve("seed-2") + " --n 50", lines.get(3));
        assertFalse(Files.exists(dir.resolve("logs")), "printing runs nothing");
        assertTrue(TestSupport.userError("sweep", "--out", dir.toString(), "--vary", "seed=1..2", "--recipe", "moving-mnist",
                "--latent", "3").contains("--latent has no effect"), "every point is checked before anything starts");
    }

    @Test
    void aSweepTrainsEvaluatesAndComparesItsRunsAndSkipsThemWhenStartedAgain(@TempDir Path dir) {
        String[] args = {"sweep", "--out", dir.toString(), "--vary", "objective=wake-sleep,combined", "--steps", "4", "--batch-size", "16",
                "--hidden", "32", "--latent", "8", "--log-every", "2", "--evaluate", "--n 20", "--parallel", "2"};
        TestSupport.Outcome first = TestSupport.run(args);
        assertEquals(0, first.code(), first.stderr());
        for (String run : List.of("objective-wake-sleep", "objective-combined")) {
            assertTrue(Files.isRegularFile(dir.resolve(run).resolve("eval").resolve("metrics.json")), run + " evaluated");
            assertTrue(Files.isRegularFile(dir.resolve("logs").resolve(run + ".log")), run + " logged");
        }
        assertTrue(Files.isRegularFile(dir.resolve("comparison.html")));
        assertTrue(first.stdout().contains("objective=wake-sleep"), "the comparison groups by the varied option: " + first.stdout());
        TestSupport.Outcome again = TestSupport.run(args);
        assertEquals(0, again.code(), again.stderr());
        assertTrue(again.stderr().contains("2 finished before, 0 to do"), again.stderr());
    }
}
