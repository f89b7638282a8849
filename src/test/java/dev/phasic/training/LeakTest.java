package dev.phasic.training;

import dev.phasic.objectives.ObjectiveKind;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** Hundreds of CPU steps keep the native pointer count and resident memory flat. */
class LeakTest {
    @Test
    void stepsKeepNativeMemoryFlat() {
        Session s = new Session(TestSupport.tiny(ObjectiveKind.COMBINED, 1000));
        Trainer trainer = new Trainer(s, null, 0);
        for (int i = 0; i < 100; i++) step(trainer, i);
        long pointers0 = Pointer.totalCount();
        long rss0 = Pointer.physicalBytes();
        for (int i = 0; i < 400; i++) step(trainer, i);
        long pointers1 = Pointer.totalCount();
        long rss1 = Pointer.physicalBytes();
        assertTrue(pointers1 - pointers0 <= 2, "native pointers grew from " + pointers0 + " to " + pointers1);
        long growthMb = (rss1 - rss0) >> 20;
        assertTrue(growthMb < 24, "resident memory grew by " + growthMb + " MB over 400 steps");
    }

    private static void step(Trainer trainer, int i) {
        try (PointerScope scope = new PointerScope()) {
            trainer.trainStep(i % 50 == 0);
        }
    }
}
