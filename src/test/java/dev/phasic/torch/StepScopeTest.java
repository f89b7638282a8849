package dev.phasic.torch;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop step frees its intermediates and hands what it keeps to the scope around the loop, and nothing else. */
class StepScopeTest {
    @Test
    void aStepFreesWhatItDoesNotKeepAndHandsTheRestToTheEnclosingScope() {
        Native.init();
        Tensor before, kept, dropped;
        try (NoGradGuard g = new NoGradGuard()) {
            try (PointerScope outer = new PointerScope()) {
                before = torch.ones(3);
                try (StepScope step = StepScope.open()) {
                    dropped = Ops.mul(before, 2.0);
                    kept = step.keep(Ops.add(before, 1.0));
                    assertSame(before, step.keep(before));         // made before the step: left as it is
                    step.keep(kept);                               // kept twice: handed over once
                }
                assertTrue(dropped.isNull(), "a tensor the step did not keep outlived it");
                assertFalse(kept.isNull());
                assertFalse(before.isNull());
                assertArrayEquals(new float[] {2, 2, 2}, Ops.toFloats(kept));
                assertArrayEquals(new float[] {1, 1, 1}, Ops.toFloats(before));
            }
            assertTrue(kept.isNull(), "a kept tensor outlived the enclosing scope");
            assertTrue(before.isNull());
        }
    }

    /** With gradients on (autograd's business) or no scope around the loop (the collector's), a step frees nothing. */
    @Test
    void withGradientsOnOrNoEnclosingScopeAStepFreesNothing() {
        Native.init();
        Tensor dropped;
        try (PointerScope outer = new PointerScope()) {
            try (StepScope step = StepScope.open()) {
                dropped = Ops.mul(torch.ones(3), 2.0);
            }
            assertFalse(dropped.isNull());
        }
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor free;
            try (StepScope step = StepScope.open()) {
                free = Ops.mul(torch.ones(3), 2.0);
                step.keep(free);
            }
            assertFalse(free.isNull());
            assertArrayEquals(new float[] {2, 2, 2}, Ops.toFloats(free));
        }
    }
}
