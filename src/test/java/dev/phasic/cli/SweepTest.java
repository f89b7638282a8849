package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        assertEquals(List.of("--lr-critic", "0.001"), SweepCommand.grid(SweepCommand.parse(List.of("lrCritic=0.001"))).get(0).args(),
                "the config.json name is the option's");
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
    void aKilledSweepFinishesOnRestartWithEveryRunEvaluatedOnce(@TempDir Path dir) throws Exception {
        // long enough (about 15 s) that both runs are still training when the sweep is killed: runs
        // started together load libtorch one after the other (Native), so one starts a few seconds late
        String[] sweep = {"sweep", "--out", dir.toString(), "--vary", "seed=1..2", "--steps", "1000", "--batch-size", "16", "--hidden", "32",
                "--latent", "8", "--log-every", "10", "--checkpoint-every", "20", "--evaluate", "--n 20", "--parallel", "2"};
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(sweep));
        Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!(checkpointed(dir.resolve("seed-1")) && checkpointed(dir.resolve("seed-2"))) && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(checkpointed(dir.resolve("seed-2")), "the runs started: " + Files.readString(dir.resolve("first.log")));
        first.destroyForcibly().waitFor();                                   // kill -9: its runs are left without their sweep
        for (String run : List.of("seed-1", "seed-2")) {
            Path log = dir.resolve("logs").resolve(run + ".log");
            while (!Files.readString(log).contains("stopped at step") && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(Files.readString(log).contains("on the end of the process that started it"), "a run stops with its sweep: " + Files.readString(log));
        }
        TestSupport.Outcome again = TestSupport.run(sweep);
        assertEquals(0, again.code(), again.stderr());
        assertTrue(again.stderr().contains("0 finished before, 2 to do"), again.stderr());
        for (String run : List.of("seed-1", "seed-2")) {
            String log = Files.readString(dir.resolve("logs").resolve(run + ".log"));
            assertTrue(log.contains("resuming"), "resumed, not restarted: " + log);
            assertEquals(1, log.lines().filter(l -> l.startsWith("report: ")).count(), "evaluated once: " + log);
            assertTrue(Files.isRegularFile(dir.resolve(run).resolve("eval").resolve("metrics.json")));
        }
    }

    /** Whether a run has written a checkpoint (a finished one: temporary folders have other names). */
    private static boolean checkpointed(Path run) throws Exception {
        Path c = run.resolve("checkpoints");
        if (!Files.isDirectory(c)) return false;
        try (Stream<Path> names = Files.list(c)) {
            return names.anyMatch(p -> p.getFileName().toString().matches("step-\\d+"));
        }
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
