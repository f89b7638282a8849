package dev.phasic.cli;

import dev.phasic.TestSupport;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Safetensors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data-parallel training is world-size invariant: one process with a batch of 16 and two
 * with 8 each learn the same weights. Float sums in another order leave the last digits
 * apart, and Adam's first steps move a weight by the full learning rate whatever the size
 * of its gradient, so a gradient within rounding of zero can move a few weights apart by
 * up to 2·lr per step: all but 1 in 10⁴ weights agree to 1e-5, none by more than 1e-3.
 */
class DistributedTest {
    @TempDir Path dir;

    @Test
    void twoProcessesLearnWhatOneDoesForEachObjective() throws Exception {
        for (String[] config : new String[][] {
                {"--objective", "wake-sleep"}, {"--objective", "oscillation"}, {"--objective", "combined"},
                {"--recipe", "hierarchical", "--width", "0.125"},
                // the video recipe: its frame critic has no batch statistics, so it splits too
                {"--recipe", "moving-mnist", "--width", "0.125", "--image-size", "32", "--context", "3", "--predict", "2"}}) {
            String name = String.join("-", config).replace("--", "");
            Path one = train(dir.resolve(name + "-1"), 1, "5", config);
            Path two = train(dir.resolve(name + "-2"), 2, "5", config);
            assertAlike(weights(one), weights(two), name);
        }
    }

    @Test
    void aTwoProcessRunResumesInOneProcess() throws Exception {
        // no learning-rate decay: a 3-step plan extended to 6 would keep its decayed rate
        Path split = train(dir.resolve("split"), 2, "3", "--decay-factor", "1");
        assertEquals(0, Main.run("train", "--resume", split.toString(), "--steps", "6"));
        Path whole = train(dir.resolve("whole"), 1, "6", "--decay-factor", "1");
        assertAlike(weights(whole), weights(split), "resumed at another world size");
        // and in two again: the launcher gives each worker --threads, which a resume accepts
        assertEquals(0, Main.run("train", "--resume", split.toString(), "--steps", "8", "--nproc", "2"));
        assertTrue(Files.isDirectory(split.resolve("checkpoints/step-00000008")));
    }

    @Test
    void aKilledWorkerEndsTheGroupWithOneLine() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--nproc", "2",
                "--steps", "100000", "--group-timeout", "20", "--out", dir.resolve("killed").toString()));
        Process launcher = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> workers = List.of();
        for (int i = 0; i < 600 && workers.size() < 2; i++) {
            Thread.sleep(100);
            workers = launcher.descendants().toList();
        }
        assertEquals(2, workers.size(), "two workers started");
        Thread.sleep(3000);                                           // both in the group and training
        workers.get(1).destroyForcibly();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher ends within the timeout");
        String err = new String(launcher.getErrorStream().readAllBytes());
        String last = err.strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals(3, launcher.exitValue(), err);
        assertTrue(last.startsWith("phasic: rank ") && last.contains("exited with code"), last);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), err);
        for (ProcessHandle w : workers) assertTrue(w.onExit().get(30, TimeUnit.SECONDS) != null && !w.isAlive());
    }

    @Test
    void aSigtermToTheLauncherStopsTheGroupAtOneCheckpointedStep() throws Exception {
        Path run = dir.resolve("signalled");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--nproc", "2",
                "--steps", "100000", "--log-every", "1", "--group-timeout", "20", "--out", run.toString()));
        Process launcher = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuilder err = new StringBuilder();
        try (var r = new BufferedReader(new InputStreamReader(launcher.getErrorStream()))) {
            boolean sent = false;
            for (String line; (line = r.readLine()) != null; ) {
                err.append(line).append('\n');
                if (!sent && line.startsWith("step 20/")) {                  // rank 0's progress: the group trains
                    launcher.toHandle().destroy();                            // SIGTERM to the launcher only
                    sent = true;
                }
            }
        }
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        String text = err.toString().strip();
        assertEquals(143, launcher.exitValue(), text);
        String last = text.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("phasic: stopped at step \\d+ on SIGTERM; resume with phasic train --resume .*"), text);
        long at = Long.parseLong(last.replaceAll("phasic: stopped at step (\\d+) .*", "$1"));
        assertTrue(Files.isDirectory(run.resolve(String.format("checkpoints/step-%08d", at))), "rank 0 saved the agreed step");
        assertTrue(!text.contains("Exception") && !text.contains("\tat ") && !text.contains("exited with code"), text);
        assertTrue(launcher.descendants().noneMatch(ProcessHandle::isAlive), "every worker ended");
    }

    @Test
    void configurationsThatCannotSplitAreRefusedInOneLine() {
        assertTrue(TestSupport.userError("train", "--recipe", "hierarchical", "--minibatch-std", "--nproc", "2", "--out",
                dir.resolve("v").toString()).contains("trains in one process"));
        assertTrue(TestSupport.userError("train", "--batch-size", "15", "--nproc", "2", "--out",
                dir.resolve("b").toString()).contains("does not split"));
        assertTrue(TestSupport.userError("train", "--rank", "1", "--out", dir.resolve("r").toString())
                .contains("--world-size"));
    }

    private Path train(Path out, int processes, String steps, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--steps", steps, "--batch-size", "16", "--threads", "1",
                "--nproc", Integer.toString(processes), "--out", out.toString()));
        args.addAll(List.of(extra));
        assertEquals(0, Main.run(args.toArray(new String[0])), String.join(" ", args));
        return out;
    }

    private static Map<String, float[]> weights(Path run) throws Exception {
        Path last;
        try (var s = Files.list(run.resolve("checkpoints"))) {
            last = s.sorted().reduce((a, b) -> b).orElseThrow();
        }
        Map<String, float[]> out = new TreeMap<>();
        Safetensors.read(last.resolve("weights.safetensors")).forEach((k, t) -> out.put(k, Ops.toFloats(t)));
        return out;
    }

    private static void assertAlike(Map<String, float[]> a, Map<String, float[]> b, String what) {
        assertEquals(a.keySet(), b.keySet(), what);
        long far = 0, total = 0;
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k), y = b.get(k);
            for (int i = 0; i < x.length; i++) {
                double d = Math.abs(x[i] - y[i]);
                if (d > 1e-5) far++;
                max = Math.max(max, d);
            }
            total += x.length;
        }
        assertTrue(far <= total / 10_000 && max <= 1e-3, what + ": " + far + " of " + total + " weights differ by more than 1e-5, at most " + max);
    }
}
