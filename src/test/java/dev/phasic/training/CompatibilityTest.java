package dev.phasic.training;

import dev.phasic.TestSupport;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Safetensors;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run written by version 0.1.0 (committed fixture) must keep loading and resuming. */
class CompatibilityTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/run-v0.1.0");
    @TempDir Path dir;

    @Test
    void version010RunLoadsBitForBitAndResumes() throws Exception {
        Session s = Runs.load(FIXTURE, null);
        Path ckpt = Checkpoint.latest(FIXTURE);
        assertEquals(4, Checkpoint.readState(ckpt).step());
        assertEquals("0.1.0", Checkpoint.readState(ckpt).version());
        Map<String, Tensor> saved = Safetensors.read(ckpt.resolve("weights.safetensors"));
        for (Map.Entry<String, Tensor> e : s.modules.get("model").stateDict().entrySet()) {
            float[] want = Ops.toFloats(saved.get("model." + e.getKey()));
            float[] got = Ops.toFloats(e.getValue());
            assertEquals(want.length, got.length, e.getKey());
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), e.getKey() + "[" + i + "]");
            }
        }
        // resume a copy for two more steps
        Path copy = dir.resolve("run");
        TestSupport.copyTree(FIXTURE, copy);
        Trainer t = Runs.resume(copy, 6L, null, null);
        t.run(new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(6, t.step());
        assertTrue(Files.isDirectory(copy.resolve("checkpoints/step-00000006")));
    }
}
