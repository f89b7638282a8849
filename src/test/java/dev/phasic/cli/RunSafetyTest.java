package dev.phasic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.TestSupport;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Safetensors;
import dev.phasic.training.Checkpoint;
import dev.phasic.training.RunDirectoryTestAccess;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run directory survives kills, a second process, bad numbers and corrupt files. */
class RunSafetyTest {
    @TempDir Path dir;

    private static final String[] TINY = {"--hidden", "32", "--latent", "8", "--batch-size", "16", "--log-every", "1"};

    private int train(Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", run.toString()));
        args.addAll(List.of(TINY));
        args.addAll(List.of(more));
        return Main.run(args.toArray(new String[0]));
    }

    private static String fails(int code, String... args) {
        return TestSupport.fails(code, args);
    }

    private static List<Long> steps(Path metrics) throws Exception {
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) out.add(new ObjectMapper().readTree(line).get("step").asLong());
        return out;
    }

    /** The commands that read a run take the threads to use, and refuse a negative count in one line. */
    @Test
    void commandsThatReadARunTakeTheirThreads(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("threads");
        assertEquals(0, Main.run("train", "--steps", "2", "--hidden", "32", "--latent", "8", "--threads", "2", "--out", run.toString()));
        assertEquals(0, Main.run("sample", run.toString(), "--n", "4", "--threads", "1", "--out", tmp.resolve("s.png").toString()));
        assertEquals(1, org.bytedeco.pytorch.global.torch.get_num_threads(), "sample ran at the threads it was given");
        assertTrue(TestSupport.userError("reconstruct", run.toString(), "--threads", "-1").contains("--threads must be ≥ 0"));
    }

    /**
     * A run whose recipe is not on the class path (a plug-in left out) is refused in one line
     * naming it, exit 2, before anything is read as damaged or set aside.
     */
    @Test
    void aRunOfARecipeNotOnTheClassPathIsOneLineAndStaysWhole(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("absent");
        assertEquals(0, Main.run("train", "--steps", "2", "--threads", "1", "--out", run.toString()));
        List<Path> states;
        try (Stream<Path> files = Files.walk(run)) {
            states = files.filter(f -> f.getFileName().toString().matches("state\\.json|config\\.json")).toList();
        }
        for (Path f : states) {                 // as a plug-in's run would read: its manifest still matches
            String oldHash = dev.phasic.io.Sha256.hex(f);
            long oldBytes = Files.size(f);
            Files.writeString(f, Files.readString(f).replace("\"mnist-recurrent\"", "\"absent-recipe\""));
            Path manifest = f.resolveSibling("manifest.json");
            if (Files.exists(manifest)) {
                Files.writeString(manifest, Files.readString(manifest).replace(oldHash, dev.phasic.io.Sha256.hex(f))
                        .replace("\"bytes\" : " + oldBytes + ",", "\"bytes\" : " + Files.size(f) + ","));
            }
        }
        for (String[] command : new String[][] {{"evaluate", run.toString()}, {"train", "--resume", run.toString()}}) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream old = System.err;
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run(command);
            } finally {
                System.setErr(old);
            }
            String said = err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(2, code, command[0] + ": " + said);
            assertTrue(said.contains("'absent-recipe' is not on the class path"), said);
            assertEquals(1, said.lines().count(), said);
        }
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("damaged")), "nothing set aside");
        }
    }

    @Test
    void resumeSetsAsideMetricsLoggedAfterTheCheckpoint() throws Exception {
        Path run = dir.resolve("r");
        assertEquals(0, train(run, "--steps", "10", "--checkpoint-every", "5"));
        // as if killed after logging step 10 but before its checkpoint
        RunDirectoryTestAccess.delete(run.resolve("checkpoints/step-00000010"));
        Files.createDirectories(run.resolve("checkpoints/step-00000010.tmp"));
        Files.writeString(run.resolve("config.json.tmp"), "");
        assertEquals(0, Main.run("train", "--resume", run.toString(), "--steps", "12"));
        List<Long> s = steps(run.resolve("metrics.jsonl"));
        for (int i = 1; i < s.size(); i++) assertTrue(s.get(i) > s.get(i - 1), "steps increase: " + s);
        assertEquals(12L, s.get(s.size() - 1));
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), steps(run.resolve("metrics.cut.jsonl")), "cut lines kept aside");
        assertFalse(Files.exists(run.resolve("config.json.tmp")), "leftover temporary file removed");
        try (Stream<Path> c = Files.list(run.resolve("checkpoints"))) {
            assertTrue(c.noneMatch(p -> p.toString().endsWith(".tmp")), "half-written checkpoint removed");
        }
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointCanBeResumedOrStartedOver() throws Exception {
        Path run = dir.resolve("early");
        assertEquals(0, train(run, "--steps", "3"));
        RunDirectoryTestAccess.delete(run.resolve("checkpoints"));
        assertEquals(0, Main.run("train", "--resume", run.toString()));
        assertEquals(List.of(1L, 2L, 3L), steps(run.resolve("metrics.jsonl")));
        assertEquals(List.of(1L, 2L, 3L), steps(run.resolve("metrics.cut.jsonl")));
        RunDirectoryTestAccess.delete(run.resolve("checkpoints"));
        assertEquals(0, train(run, "--steps", "2"));
        assertEquals(List.of(1L, 2L), steps(run.resolve("metrics.jsonl")));
        // a run with a checkpoint is not overwritten
        assertTrue(fails(2, "train", "--out", run.toString(), "--steps", "2").contains("--resume"));
    }

    @Test
    void aSecondProcessIsRefusedWithOneLine() throws Exception {
        Path run = dir.resolve("busy");
        assertEquals(0, train(run, "--steps", "2"));
        try (FileChannel ch = FileChannel.open(run.resolve("lock"), StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            String line = fails(3, "train", "--resume", run.toString(), "--steps", "4");
            assertTrue(line.contains("in use"), line);
        }
        assertEquals(0, Main.run("train", "--resume", run.toString(), "--steps", "4"), "free again once released");
    }

    @Test
    void resumingToFewerStepsThanDoneIsAnError() throws Exception {
        Path run = dir.resolve("short");
        assertEquals(0, train(run, "--steps", "4"));
        assertTrue(fails(2, "train", "--resume", run.toString(), "--steps", "3").contains("already at step 4"));
        assertTrue(fails(2, "train", "--resume", run.toString(), "--steps", "8", "--beta", "2").contains("only --steps"));
    }

    private static double lrAt(Path metrics, long step) throws Exception {
        for (String line : Files.readAllLines(metrics)) {
            var row = new ObjectMapper().readTree(line);
            if (row.get("step").asLong() == step) return row.get("lr_factor").asDouble();
        }
        throw new AssertionError("no step " + step);
    }

    @Test
    void extendingARunNeverReplaysADecay() throws Exception {
        Path decayed = dir.resolve("decayed");
        assertEquals(0, train(decayed, "--steps", "20"));      // decays over steps 10 to 12.5
        assertEquals(0, Main.run("train", "--resume", decayed.toString(), "--steps", "40"));
        assertEquals(0.1, lrAt(decayed.resolve("metrics.jsonl"), 20), 1e-9);
        assertEquals(0.1, lrAt(decayed.resolve("metrics.jsonl"), 30), 1e-9, "the decayed rate is kept, not replayed");
        Path early = dir.resolve("early-extend");
        assertEquals(0, train(early, "--steps", "8", "--checkpoint-every", "4"));
        RunDirectoryTestAccess.delete(early.resolve("checkpoints/step-00000008")); // stopped at step 4
        assertEquals(0, Main.run("train", "--resume", early.toString(), "--steps", "40"));
        assertEquals(1.0, lrAt(early.resolve("metrics.jsonl"), 15), 1e-9, "before any decay, extending plans it over the new total");
        assertEquals(0.1, lrAt(early.resolve("metrics.jsonl"), 30), 1e-9);
    }

    @Test
    void nonFiniteNumbersAreRejected() {
        TestSupport.userError("train", "--lr", "Infinity", "--steps", "2", "--out", dir.resolve("inf").toString());
        TestSupport.userError("train", "--gamma", "NaN", "--steps", "2", "--out", dir.resolve("nan").toString());
    }

    @Test
    void aDivergedRunStopsWithOneLineAndKeepsItsLastGoodCheckpoint() throws Exception {
        Path run = dir.resolve("diverge");
        String line = fails(4, "train", "--out", run.toString(), "--hidden", "32", "--latent", "8", "--batch-size", "16",
                "--steps", "200", "--checkpoint-every", "1", "--lr", "1e4");
        assertTrue(line.contains("diverged at step"), line);
        Path last = Checkpoint.latest(run);
        for (var t : Safetensors.read(last.resolve("weights.safetensors")).values()) {
            for (float f : Ops.toFloats(t)) assertTrue(Float.isFinite(f), "checkpoint " + last + " holds finite weights");
        }
    }

    @Test
    void identicalRunsWriteIdenticalBytes() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, train(a, "--steps", "3"));
        assertEquals(0, train(b, "--steps", "3"));
        Path ca = Checkpoint.latest(a), cb = Checkpoint.latest(b);
        assertArrayEquals(Files.readAllBytes(ca.resolve("weights.safetensors")), Files.readAllBytes(cb.resolve("weights.safetensors")));
        // libtorch archives carry a random serialization id and per-process class-name counters;
        // their tensor records (the Adam moments and step counts) must match byte for byte
        for (String f : new String[] {"optimizer-inference.pt", "optimizer-generation.pt", "optimizer-critics.pt"}) {
            List<String> ra = tensorRecords(ca.resolve(f)), rb = tensorRecords(cb.resolve(f));
            assertFalse(ra.isEmpty(), f + " holds tensor records");
            assertEquals(ra, rb, f + ": the same tensor records");
        }
    }

    /** The archive's tensor records as sorted Base64 strings (libtorch numbers them in no fixed order). */
    private static List<String> tensorRecords(Path archive) throws Exception {
        List<String> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (var e : Collections.list(zip.entries())) {
                if (!e.getName().matches(".*/data/\\d+")) continue;
                try (var in = zip.getInputStream(e)) {
                    out.add(Base64.getEncoder().encodeToString(in.readAllBytes()));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    @Test
    void aGarbledWeightsHeaderIsOneLine() throws Exception {
        Path run = dir.resolve("garbled");
        assertEquals(0, train(run, "--steps", "2"));
        Path weights = Checkpoint.latest(run).resolve("weights.safetensors");
        byte[] all = Files.readAllBytes(weights);
        all[9] = '#';
        Files.write(weights, all);
        // the manifest finds it; with no other checkpoint that is one line and the environment's exit code
        String line = fails(3, "sample", run.toString(), "--out", dir.resolve("s.png").toString());
        assertTrue(line.contains("no intact checkpoint") && line.contains("weights.safetensors"), line);
    }
}
