package dev.phasic.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time of a training step by part (sampling the phases, each side's loss, backward
 * pass and optimiser update), summed while a measurement is open on this thread; parts
 * outside a measurement cost one thread-local read. {@code phasic bench --breakdown}
 * reports it. On asynchronous devices a part ends when its work was queued, not done.
 */
public final class StepTimes {
    private static final ThreadLocal<Map<String, Long>> OPEN = new ThreadLocal<>();

    private StepTimes() {}

    /** Starts summing on this thread; returns the map that collects nanoseconds by part, in first-seen order. */
    public static Map<String, Long> open() {
        Map<String, Long> times = new LinkedHashMap<>();
        OPEN.set(times);
        return times;
    }

    public static void close() {
        OPEN.remove();
    }

    /** Runs {@code part} and, while a measurement is open, adds its wall time under {@code name}. */
    public static <T> T time(String name, Supplier<T> part) {
        Map<String, Long> times = OPEN.get();
        if (times == null) return part.get();
        long t0 = System.nanoTime();
        try {
            return part.get();
        } finally {
            times.merge(name, System.nanoTime() - t0, Long::sum);
        }
    }

    /** As {@link #time(String, Supplier)} for a part without a result. */
    public static void run(String name, Runnable part) {
        time(name, () -> {
            part.run();
            return null;
        });
    }
}
