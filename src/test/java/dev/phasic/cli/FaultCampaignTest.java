package dev.phasic.cli;

import dev.phasic.TestSupport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults a real run meets, at seeded moments: SIGTERM sent by another process during
 * steps, checkpoint writes and evaluation logging, each followed by {@code --resume};
 * then every file of a checkpoint truncated and bit-flipped in turn. Nothing may crash,
 * print a trace or change the run's outcome.
 */
class FaultCampaignTest {
    @TempDir Path dir;
    private static final long STEPS = 24;
    private int threadsBefore;
    private String cacheBefore;

    @BeforeEach
    void pinThreads() {
        threadsBefore = torch.get_num_threads();                        // the runs here use one thread, as the subprocesses do
        cacheBefore = System.getProperty("phasic.cache");
    }

    @AfterEach
    void restore() {
        torch.set_num_threads(threadsBefore);
        if (cacheBefore == null) System.clearProperty("phasic.cache");
        else System.setProperty("phasic.cache", cacheBefore);
    }

    /** A tiny recurrent-MLP run that checkpoints every 3 steps and logs an evaluation every 8. */
    private List<String> trainArgs(Path data, Path run) {
        return new ArrayList<>(List.of("train", "--out", run.toString(), "--data", data.toString(), "--hidden", "32",
                "--latent", "8", "--batch-size", "16", "--log-every", "1", "--threads", "1", "--seed", "5",
                "--steps", Long.toString(STEPS), "--checkpoint-every", "3", "--eval-every", "8"));
    }

    /** This JVM's java with its own options (MKL, heap) and class path, running {@code phasic args}. */
    private static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) command.add(a);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    private static byte[] finalWeights(Path run) throws Exception {
        Path last = run.resolve(String.format("checkpoints/step-%08d/weights.safetensors", STEPS));
        assertTrue(Files.isRegularFile(last), "the run reached step " + STEPS + ": " + run);
        return Files.readAllBytes(last);
    }

    private static void assertNoLeftovers(Path run, Path cwd, String moment) throws Exception {
        try (Stream<Path> s = Files.walk(run)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), moment + ": no .tmp left");
        }
        try (Stream<Path> s = Files.list(cwd)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("hs_err")), moment + ": no JVM crash log");
        }
    }

    @Test
    void sigtermAtSeededMomentsThenResumeEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path data = EvaluateCliTest.smallMnist(dir.resolve("data"), 600, 200);
        Path cache = dir.resolve("cache");
        System.setProperty("phasic.cache", cache.toString());
        Path reference = dir.resolve("reference");
        List<String> refArgs = java(trainArgs(data, reference));
        refArgs.add(1, "-Dphasic.cache=" + cache);
        Process ref = new ProcessBuilder(refArgs).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(ref.waitFor(300, TimeUnit.SECONDS) && ref.exitValue() == 0, "the uninterrupted run");
        byte[] want = finalWeights(reference);

        Random random = new Random(20261201);
        int signals = 0, identical = 0;
        for (int trial = 0; trial < 10; trial++) {
            // the signal follows the progress line of a seeded step by a seeded delay: it lands in
            // that step's evaluation or checkpoint, or in one of the next steps
            long after = 1 + random.nextInt((int) STEPS - 8);
            int delayMs = random.nextInt(20);
            String moment = "trial " + trial + ": SIGTERM " + delayMs + " ms after step " + after + "'s progress line";
            Path run = dir.resolve("run-" + trial), cwd = Files.createDirectories(dir.resolve("cwd-" + trial));
            List<String> command = java(trainArgs(data, run));
            command.add(1, "-Dphasic.cache=" + cache);
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            StringBuilder err = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                boolean sent = false;
                for (String line; (line = r.readLine()) != null; ) {
                    err.append(line).append('\n');
                    if (!sent && line.startsWith("step " + after + "/")) {
                        Thread.sleep(delayMs);
                        p.toHandle().destroy();                             // SIGTERM (Process.destroy would close our pipe)
                        sent = true;
                        signals++;
                    }
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), moment);
            String text = err.toString().strip();
            assertEquals(143, p.exitValue(), moment + "\n" + text);
            assertFalse(text.contains("SIGSEGV") || text.contains("Exception") || text.contains("\tat "), moment + "\n" + text);
            String last = text.lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.matches("phasic: stopped at step \\d+ on SIGTERM; resume with phasic train --resume .*"), moment + ": " + last);
            long at = Long.parseLong(last.replaceAll("phasic: stopped at step (\\d+) .*", "$1"));
            assertTrue(at >= after && at < STEPS, moment + ": stopped at " + at);
            assertTrue(Files.isDirectory(run.resolve(String.format("checkpoints/step-%08d", at))), moment + ": checkpoint at the stop");
            assertNoLeftovers(run, cwd, moment);
            TestSupport.Outcome resumed = TestSupport.run("train", "--resume", run.toString());
            assertEquals(0, resumed.code(), moment + ": resume → " + resumed.stderr());
            assertArrayEquals(want, finalWeights(run), moment + ": the resumed run ends bit-identical to the uninterrupted one");
            assertNoLeftovers(run, cwd, moment);
            identical++;
        }
        assertEquals(10, signals);
        assertEquals(10, identical);
    }

    /** A file of a checkpoint cut to half its length, or with one bit of its middle byte flipped. */
    private static void damage(Path file, boolean truncate) throws Exception {
        byte[] all = Files.readAllBytes(file);
        if (truncate) {
            Files.write(file, Arrays.copyOf(all, all.length / 2));
        } else {
            all[all.length / 2] ^= 0x10;
            Files.write(file, all);
        }
    }

    @Test
    void everyDamagedCheckpointFileFallsBackToTheIntactOneOrIsOneLine() throws Exception {
        String[] tiny = {"--hidden", "32", "--latent", "8", "--batch-size", "16", "--log-every", "1", "--threads", "1",
                "--checkpoint-every", "2", "--seed", "9", "--decay-factor", "1"};
        Path base = dir.resolve("base"), whole = dir.resolve("whole");
        assertEquals(0, TestSupport.run(concat(new String[] {"train", "--out", base.toString(), "--steps", "4"}, tiny)).code());
        assertEquals(0, TestSupport.run(concat(new String[] {"train", "--out", whole.toString(), "--steps", "6"}, tiny)).code());
        byte[] want = Files.readAllBytes(whole.resolve("checkpoints/step-00000006/weights.safetensors"));
        List<String> files;
        try (Stream<Path> s = Files.list(base.resolve("checkpoints/step-00000004"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("manifest.json", "optimizer-critics.pt", "optimizer-generation.pt", "optimizer-inference.pt",
                "state.json", "weights.safetensors"), files);
        int tried = 0;
        for (String file : files) {
            for (boolean truncate : new boolean[] {true, false}) {
                String what = file + (truncate ? " truncated" : " bit-flipped");
                Path run = dir.resolve("damaged-" + tried++);
                TestSupport.copyTree(base, run);
                damage(run.resolve("checkpoints/step-00000004").resolve(file), truncate);

                TestSupport.Outcome sample = TestSupport.run("sample", run.toString(), "--out", dir.resolve("s.png").toString());
                assertEquals(0, sample.code(), what + ": sample reads the intact checkpoint → " + sample.stderr());
                assertTrue(sample.stderr().startsWith("phasic: checkpoint damaged: step-00000004/")
                        && sample.stderr().contains("reading step-00000002"), what + ": " + sample.stderr());
                assertTrue(Files.isDirectory(run.resolve("checkpoints/step-00000004")), what + ": sample moves nothing");

                TestSupport.Outcome resumed = TestSupport.run("train", "--resume", run.toString(), "--steps", "6");
                assertEquals(0, resumed.code(), what + " → " + resumed.stderr());
                String note = resumed.stderr().lines().filter(l -> l.startsWith("phasic: ")).findFirst().orElse("");
                assertTrue(note.contains("step-00000004/" + file) && note.contains("moved aside to checkpoints/step-00000004.damaged")
                        && note.endsWith("resuming from step-00000002"), what + ": " + resumed.stderr());
                assertTrue(Files.isDirectory(run.resolve("checkpoints/step-00000004.damaged")), what + ": kept aside, not deleted");
                assertArrayEquals(want, Files.readAllBytes(run.resolve("checkpoints/step-00000006/weights.safetensors")),
                        what + ": the fallback resumes to the uninterrupted result");
            }
        }
        assertEquals(12, tried);

        // both checkpoints damaged: one line, the environment's exit code, nothing moved
        Path none = dir.resolve("none");
        TestSupport.copyTree(base, none);
        damage(none.resolve("checkpoints/step-00000004/weights.safetensors"), true);
        damage(none.resolve("checkpoints/step-00000002/state.json"), false);
        assertTrue(TestSupport.fails(3, "train", "--resume", none.toString(), "--steps", "6").startsWith("phasic: no intact checkpoint"));
        assertTrue(TestSupport.fails(3, "evaluate", none.toString()).startsWith("phasic: no intact checkpoint"));
        assertTrue(Files.isDirectory(none.resolve("checkpoints/step-00000004")) && Files.isDirectory(none.resolve("checkpoints/step-00000002")));
    }

    @Test
    void aDamagedCheckpointWrittenBeforeManifestsIsOneLineNotATrace() throws Exception {
        Path fixture = Path.of("src/test/resources/fixtures/run-v0.1.0");
        for (String file : new String[] {"optimizer-generation.pt", "weights.safetensors", "state.json"}) {
            Path run = dir.resolve("old-" + file);
            TestSupport.copyTree(fixture, run);
            damage(run.resolve("checkpoints/step-00000004").resolve(file), true);
            String line = TestSupport.fails(3, "train", "--resume", run.toString(), "--steps", "6");
            assertTrue(line.startsWith("phasic: no intact checkpoint") && line.contains("step-00000004/" + file), line);
        }
    }

    private static String[] concat(String[] x, String[] y) {
        return Stream.concat(Arrays.stream(x), Arrays.stream(y)).toArray(String[]::new);
    }
}
