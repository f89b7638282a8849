package dev.phasic.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import dev.phasic.training.Session;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Silencing acts on every generated copy of the layer and on nothing in the wake phase. */
class SilencedTest {
    @Test
    void generatedUnitsAreZeroAndWakeIsUntouched() {
        Session s = new Session(TestSupport.tinyHierarchical());
        HierarchicalModel m = s.model;
        int layer = 2;
        long[] shape = Ops.shape(m.sleep(1).get(layer));
        int[] units = {0, 5, 17};
        Silenced silenced = new Silenced(m, layer, Silenced.mask(shape, units, s.device));
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor x = m.sleep(4).get(0);
            float[] sleep = Ops.toFloats(silenced.sleep(4).get(layer));
            float[] osc = Ops.toFloats(silenced.wakePass(x).oscillation().get(layer));
            int d = sleep.length / 4;
            for (int i = 0; i < 4; i++) {
                for (int u : units) {
                    assertEquals(0f, sleep[i * d + u], 0f);
                    assertEquals(0f, osc[i * d + u], 0f);
                }
            }
            Rng.seed(3);
            List<Tensor> a = silenced.wake(x);
            Rng.seed(3);
            List<Tensor> b = m.wake(x);
            float[] wa = Ops.toFloats(a.get(layer)), wb = Ops.toFloats(b.get(layer));
            for (int k = 0; k < wa.length; k++) assertEquals(wb[k], wa[k]);
            double silentWake = 0;
            for (int i = 0; i < 4; i++) for (int u : units) silentWake += Math.abs(wa[i * d + u]);
            assertTrue(silentWake > 0, "the wake phase keeps those units' activity");
        }
    }
}
