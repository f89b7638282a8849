package dev.phasic.training;

import dev.phasic.objectives.ObjectiveKind;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** Hundreds of CPU steps keep the native pointer count and resident memory flat. */
class LeakTest {
    /**
     * Resident memory includes the Java heap, whose committed pages the allocator touches
     * for the first time over the first couple of thousand steps of this tiny model (about
     * 6 MB per 100 steps, then flat: measured up to 3000 steps). A leak grows for ever, so
     * the test measures a stretch after that: a leak of one batch-sized tensor per step
     * (50 KB here) would add 30 MB to it.
     */
    @Test
    void stepsKeepNativeMemoryFlat() {
        Session s = new Session(TestSupport.tiny(ObjectiveKind.COMBINED, 100000));
        Trainer trainer = new Trainer(s, null, 0);
        for (int i = 0; i < 2400; i++) step(trainer, i);
        long pointers0 = Pointer.totalCount();
        long rss0 = Pointer.physicalBytes();
        for (int i = 0; i < 600; i++) step(trainer, i);
        long pointers1 = Pointer.totalCount();
        long rss1 = Pointer.physicalBytes();
        assertTrue(pointers1 - pointers0 <= 2, "native pointers grew from " + pointers0 + " to " + pointers1);
        long growthMb = (rss1 - rss0) >> 20;
        assertTrue(growthMb < 8, "resident memory grew by " + growthMb + " MB over steps 2400 to 3000");
    }

    private static void step(Trainer trainer, int i) {
        try (PointerScope scope = new PointerScope()) {
            trainer.trainStep(i % 50 == 0);
        }
    }
}
