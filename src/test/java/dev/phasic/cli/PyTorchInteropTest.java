package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every architecture opens in PyTorch: the package {@code python/phasic_torch} rebuilds a run
 * from its {@code config.json} and {@code weights.safetensors} and reproduces every noise-free
 * output Phasic wrote (wake activity of every layer, top-down passes, critics' scores and
 * features, closed-loop video prediction) to 1e-5, with the same names and shapes. Runs
 * where a Python with torch is installed (Debian's python3-torch; {@code .ci/run} installs
 * it), and is skipped elsewhere.
 */
class PyTorchInteropTest {
    @TempDir Path dir;
    private static String python;

    @BeforeAll
    static void findPython() throws Exception {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    return;
                }
            } catch (IOException ignored) {
                // not installed
            }
        }
    }

    /** Trains a tiny run with these options and returns its directory. */
    private Path train(String name, String... options) {
        Path run = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--out", run.toString(), "--threads", "1"));
        args.addAll(List.of(options));
        assertEquals(0, Main.run(args.toArray(String[]::new)), name);
        return run;
    }

    /** The package's check of {@code tensors} against {@code run}: exit code and output. */
    private static Object[] check(Path run, Path tensors, String... extra) throws Exception {
        assumeTrue(python != null, "no Python with torch here");
        Path pkg = Path.of("python").toAbsolutePath();
        assumeTrue(Files.isDirectory(pkg.resolve("phasic_torch")), "run from the project root");
        List<String> command = new ArrayList<>(List.of(python, "-m", "phasic_torch", "check", run.toString(), tensors.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", pkg.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), output);
        return new Object[] {p.exitValue(), output};
    }

    /**
     * The package's own tests ({@code python/tests}): among them, the checkpoint it loads is the
     * newest intact one, never a {@code step-N.tmp} left mid-write or a {@code step-N.damaged} set aside.
     */
    @Test
    void thePackagesOwnTestsPass() throws Exception {
        assumeTrue(python != null, "no Python with torch here");
        Path pkg = Path.of("python").toAbsolutePath();
        assumeTrue(Files.isDirectory(pkg.resolve("tests")), "run from the project root");
        ProcessBuilder pb = new ProcessBuilder(python, "-m", "unittest", "discover", "-s", "tests")
                .directory(pkg.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", pkg.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("OK") && !output.contains("skipped"), output);
    }

    private void reproducesImages(Path run, int tensors) throws Exception {
        Path file = dir.resolve(run.getFileName() + ".safetensors");
        assertEquals(0, Main.run("reconstruct", run.toString(), "--noise-free", "--n", "8", "--out", dir.resolve(run.getFileName() + ".png").toString(),
                "--tensors", file.toString()));
        Object[] r = check(run, file);
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains(tensors + " tensors compared"), (String) r[1]);
    }

    @Test
    void theRecurrentMlpWithAndWithoutRecurrenceAndEitherCritic() throws Exception {
        assumeTrue(python != null, "no Python with torch here");
        String[] tiny = {"--hidden", "64", "--latent", "8", "--batch-size", "16", "--steps", "5"};
        reproducesImages(train("a", tiny), 9);      // inputs, reconstructions, 2 wake, 2 × 2 critic, 1 top-down
        List<String> plain = new ArrayList<>(List.of(tiny));
        plain.addAll(List.of("--no-recurrence", "--objective", "wake-sleep"));
        reproducesImages(train("a-plain", plain.toArray(String[]::new)), 7);
    }

    @Test
    void theHierarchyAtTwoWidthsBothActivationsBothCriticWidthsAndLargerImages() throws Exception {
        assumeTrue(python != null, "no Python with torch here");
        // 2 + 6 wake + 6 × 2 critic + 5 top-down = 25
        reproducesImages(train("b", "--recipe", "hierarchical", "--width", "0.125", "--steps", "3", "--batch-size", "8"), 25);
        reproducesImages(train("b-paper", "--recipe", "hierarchical", "--width", "0.25", "--hidden-activation", "relu", "--critic-width", "paper",
                "--minibatch-std", "--image-size", "64", "--steps", "3", "--batch-size", "8"), 25);
        reproducesImages(train("b-joint", "--recipe", "hierarchical", "--width", "0.125", "--objective", "wake-sleep", "--hidden", "32",
                "--steps", "3", "--batch-size", "8"), 15);
    }

    @Test
    void theVideoModelPredictsTheSameFuturesAndAWrongValueOrOptionFails() throws Exception {
        assumeTrue(python != null, "no Python with torch here");
        for (String decoder : List.of("transform", "context", "draw")) {
            Path run = train("c-" + decoder, "--recipe", "moving-mnist", "--width", "0.125", "--image-size", "32", "--context", "3", "--predict", "3",
                    "--batch-size", "4", "--steps", "2", "--decoder", decoder, "--depth", decoder.equals("draw") ? "2" : "1",
                    "--pixel-output", decoder.equals("context") ? "exact" : "tanh", "--transforms", decoder.equals("context") ? "3" : "1");
            Path file = dir.resolve("c-" + decoder + ".safetensors");
            assertEquals(0, Main.run("predict", run.toString(), "--noise-free", "--n", "3", "--samples", "1", "--out",
                    dir.resolve("p-" + decoder).toString(), "--tensors", file.toString()));
            Object[] r = check(run, file);
            assertEquals(0, r[0], (String) r[1]);
            assertTrue(((String) r[1]).contains("9 tensors compared"), (String) r[1]);
            if (decoder.equals("transform")) {
                Object[] strict = check(run, file, "--tolerance", "-1");     // every value is compared
                assertEquals(1, strict[0], (String) strict[1]);
                assertTrue(((String) strict[1]).contains("MISMATCH predictions"), (String) strict[1]);
                Path config = run.resolve("config.json");
                Files.writeString(config, Files.readString(config).replaceFirst("\\{", "{\"aNewOption\": 1,"));
                Object[] refused = check(run, file);
                assertEquals(2, refused[0], (String) refused[1]);
                assertEquals(1, ((String) refused[1]).strip().lines().count(), (String) refused[1]);
                assertTrue(((String) refused[1]).contains("aNewOption"), (String) refused[1]);
            }
        }
    }
}
