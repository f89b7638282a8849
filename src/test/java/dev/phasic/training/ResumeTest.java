package dev.phasic.training;

import dev.phasic.TestSupport;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** N straight steps equal N/2 steps, a checkpoint, a resume and N/2 more, bit for bit on CPU. */
class ResumeTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(ObjectiveKind.class)
    void resumeIsBitIdenticalToStraightTraining(ObjectiveKind objective) throws Exception {
        int n = 12;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Session straight = new Session(TestSupport.tiny(objective, n));
        new Trainer(straight, RunDirectory.create(dir.resolve("a"), straight.config), 0).run(quiet);
        byte[] rngStraight = Rng.cpuState();

        Session half = new Session(TestSupport.tiny(objective, n / 2));
        new Trainer(half, RunDirectory.create(dir.resolve("b"), half.config), 0).run(quiet);
        Trainer resumed = Runs.resume(dir.resolve("b"), (long) n, null, null);
        assertEquals(n / 2, resumed.step());
        resumed.run(quiet);
        assertArrayEquals(rngStraight, Rng.cpuState(), "noise stream continues identically");

        Session after = Runs.load(dir.resolve("b"), null);
        Session reference = Runs.load(dir.resolve("a"), null);
        for (String module : reference.modules.keySet()) {
            Map<String, Tensor> want = reference.modules.get(module).stateDict();
            Map<String, Tensor> got = after.modules.get(module).stateDict();
            for (String name : want.keySet()) {
                assertArrayEquals(bits(want.get(name)), bits(got.get(name)), module + "." + name);
            }
        }
    }

    private static int[] bits(Tensor t) {
        float[] f = Ops.toFloats(t);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Float.floatToRawIntBits(f[i]);
        return out;
    }
}
