package dev.phasic.training;

import dev.phasic.objectives.ObjectiveKind;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** Hundreds of CPU steps keep the native pointer count and resident memory flat. */
class LeakTest {
    /**
     * Resident memory includes the Java heap. The test JVM touches every heap page as it is
     * committed ({@code -XX:+AlwaysPreTouch} in Surefire's argLine), so the heap adds to
     * resident memory exactly what it commits, and that is subtracted: how far the heap
     * grows depends on how fast the steps run (G1 expands when collection takes a larger
     * share of the time; an idle machine gave 35 MB over this stretch without a leak). A
     * leak grows for ever, so the test measures a stretch after the first 2400 steps: a leak
     * of one batch-sized tensor per step (50 KB here) would add 30 MB to it.
     */
    @Test
    void stepsKeepNativeMemoryFlat() {
        Session s = new Session(TestSupport.tiny(ObjectiveKind.COMBINED, 100000));
        Trainer trainer = new Trainer(s, null, 0);
        for (int i = 0; i < 2400; i++) step(trainer, i);
        long pointers0 = Pointer.totalCount();
        long rss0 = Pointer.physicalBytes(), jvm0 = committedByTheJvm();
        for (int i = 0; i < 600; i++) step(trainer, i);
        long pointers1 = Pointer.totalCount();
        long rss1 = Pointer.physicalBytes(), jvm1 = committedByTheJvm();
        assertTrue(pointers1 - pointers0 <= 2, "native pointers grew from " + pointers0 + " to " + pointers1);
        long growthMb = (rss1 - rss0 - Math.max(0, jvm1 - jvm0)) >> 20;
        assertTrue(growthMb < 8, "resident memory outside the JVM's heaps grew by " + growthMb + " MB over steps 2400 to 3000 (resident "
                + ((rss1 - rss0) >> 20) + " MB, the JVM's committed memory " + ((jvm1 - jvm0) >> 20) + " MB)");
    }

    /** The heap and non-heap memory the JVM has committed (with AlwaysPreTouch, all of it resident). */
    private static long committedByTheJvm() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        return m.getHeapMemoryUsage().getCommitted() + m.getNonHeapMemoryUsage().getCommitted();
    }

    private static void step(Trainer trainer, int i) {
        try (PointerScope scope = new PointerScope()) {
            trainer.trainStep(i % 50 == 0);
        }
    }
}
