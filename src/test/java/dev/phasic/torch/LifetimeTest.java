package dev.phasic.torch;

import dev.phasic.models.MlpCritic;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.objectives.GradientPenalty;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Native memory must stay alive exactly as long as Java can reach it. libtorch's
 * in-place methods ({@code uniform_}, {@code requires_grad_}) and vector element reads
 * return wrappers that do not own the tensor they point at: kept alone, they dangle as
 * soon as the garbage collector frees the temporary that owned it. These tests force
 * collection and overwrite freed memory, so a dangling wrapper reads a wrong value.
 */
public class LifetimeTest {
    /** Collects garbage until JavaCPP has run the deallocators, then reuses the freed blocks. */
    public static void collectAndScribble() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (PointerScope scope = new PointerScope()) {
            List<Tensor> scribble = new ArrayList<>();
            for (int i = 0; i < 2000; i++) scribble.add(torch.full(new long[] {1 + i % 64, 7}, new Scalar(Float.NaN)));
        }
    }

    @Test
    void moduleParametersSurviveGarbageCollection() {
        List<Module> modules = new ArrayList<>();
        List<float[]> before = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Module m = i % 2 == 0 ? new Linear(7, 1 + i % 64) : new Conv2d(1, 2 + i % 5, 3, 1, 1);
            modules.add(m);
            for (Tensor p : m.parameters()) before.add(Ops.toFloats(p));
        }
        collectAndScribble();
        int k = 0;
        for (Module m : modules) {
            for (Tensor p : m.parameters()) {
                assertEquals(1, p.requires_grad() ? 1 : 0, "parameter lost requires_grad");
                assertArrayEquals(before.get(k++), Ops.toFloats(p), "a parameter changed after garbage collection");
            }
        }
    }

    @Test
    void readBackOfThousandsOfTemporariesIsExact() {
        for (int i = 0; i < 3000; i++) {
            float v = i * 0.25f;
            // Only a temporary owns each tensor: the read must keep it alive until the copy is done.
            float[] out = Ops.toFloats(torch.full(new long[] {64}, new Scalar(v)).mul(new Scalar(2.0)));
            for (float f : out) assertEquals(2 * v, f, "wrong value read back at " + i);
            if (i % 500 == 0) collectAndScribble();
        }
    }

    @Test
    void gradientPenaltyOutsideAnyScopeIsStable() {
        MlpCritic critic = new MlpCritic(6, 16, new Device("cpu"));
        Tensor a = torch.randn(32, 6);
        Tensor b = torch.randn(32, 6);
        double first = GradientPenalty.of(critic, a, b).item_double();
        for (int i = 0; i < 20; i++) {
            Tensor gp = GradientPenalty.of(critic, a, b);
            collectAndScribble();
            double v = gp.item_double();
            assertEquals(true, Double.isFinite(v), "penalty not finite after collection: " + v);
        }
        assertEquals(true, Double.isFinite(first));
    }
}
