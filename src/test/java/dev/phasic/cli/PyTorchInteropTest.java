package dev.phasic.cli;

import dev.phasic.training.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A run's weights reproduce Phasic's noise-free reconstruction in PyTorch
 * ({@code tools/check-weights.py}). Runs where a Python with torch is installed
 * (Debian's python3-torch; {@code .ci/run} installs it), and is skipped elsewhere.
 */
class PyTorchInteropTest {
    @TempDir Path dir;

    private static String python() throws Exception {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
            } catch (IOException ignored) {
                // not installed
            }
        }
        return null;
    }

    @Test
    void weightsReproduceTheReconstructionInPyTorch() throws Exception {
        String python = python();
        assumeTrue(python != null, "no Python with torch here");
        Path run = dir.resolve("run");
        assertEquals(0, Main.run("train", "--out", run.toString(), "--hidden", "64", "--latent", "8", "--batch-size", "16", "--steps", "20"));
        Path rec = dir.resolve("rec.safetensors");
        assertEquals(0, Main.run("reconstruct", run.toString(), "--noise-free", "--n", "32", "--out", dir.resolve("r.png").toString(),
                "--tensors", rec.toString()));
        Path weights = Checkpoint.latest(run).resolve("weights.safetensors");
        Path script = Path.of("tools", "check-weights.py").toAbsolutePath();
        assumeTrue(Files.isRegularFile(script), "run from the project root");
        Process p = new ProcessBuilder(python, script.toString(), weights.toString(), rec.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(300, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);
    }
}
