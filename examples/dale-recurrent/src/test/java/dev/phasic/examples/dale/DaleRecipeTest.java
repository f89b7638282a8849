package dev.phasic.examples.dale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.UserError;
import dev.phasic.torch.Devices;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.training.Recipe;
import dev.phasic.training.RunDirectory;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe is found on the class path, refuses a bad fraction in one line, and keeps Dale's law while it learns. */
class DaleRecipeTest {
    @Test
    void theRecipeIsDiscoveredBesideTheBuiltIns() {
        assertTrue(Recipe.names().contains("dale-recurrent"), Recipe.names().toString());
        assertEquals(0.2, TrainConfig.defaults("dale-recurrent").architecture(DaleOptions.class).inhibitoryFraction());
    }

    @Test
    void aFractionOutsideZeroToOneIsOneLine() {
        for (double f : new double[] {-0.1, 1.0, Double.NaN}) {
            UserError e = assertThrows(UserError.class, () -> TrainConfig.defaults("dale-recurrent").with("inhibitoryFraction", f));
            assertEquals("--inhibitory-fraction must lie in [0, 1), found " + f, e.getMessage());
        }
    }

    @Test
    void everyOutgoingWeightHasItsUnitsSignWhateverTheRawWeights() {
        Native.init();
        Device cpu = Devices.parse("cpu");
        DaleRecurrence recurrence = new DaleRecurrence(8, 2, -3, cpu);
        Map<String, Tensor> state = new HashMap<>(recurrence.stateDict());
        state.put("raw", Ops.randn(cpu, 8, 8)); // raw weights of both signs
        recurrence.loadStateDict(state);
        assertDale(Ops.toFloats(recurrence.weight()), 8, 6);
    }

    @Test
    void trainingMovesTheRecurrenceAndKeepsTheSigns(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainConfig.defaults("dale-recurrent")
                .with(Map.of("steps", 5L, "threads", 1, "inhibitoryFraction", 0.25, "population", 8));
        Session session = new Session(config);
        DaleRecurrence recurrence = ((DaleRecurrentMlp) session.model).recurrence();
        float[] before = Ops.toFloats(recurrence.weight());
        new Trainer(session, RunDirectory.create(dir.resolve("run"), config), 0).run(new PrintStream(OutputStream.nullOutputStream()));
        float[] after = Ops.toFloats(recurrence.weight());
        assertFalse(Arrays.equals(before, after), "the gradient reaches the raw weights through |·|");
        assertDale(after, 8, 6); // 0.25 of 8: units 6 and 7 inhibit
    }

    /** Column j of the (n, n) row-major weights is ≥ 0 for an excitatory unit (j < excitatory), else ≤ 0. */
    private static void assertDale(float[] w, int n, int excitatory) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float v = w[i * n + j];
                assertTrue(j < excitatory ? v >= 0 : v <= 0, "weight " + i + "←" + j + " is " + v);
            }
        }
    }
}
