package dev.phasic.experiments;

import dev.phasic.UserError;
import dev.phasic.training.Session;
import dev.phasic.training.StopSignal;
import dev.phasic.training.Trainer;
import java.io.PrintStream;
import java.util.function.LongConsumer;
import org.bytedeco.javacpp.PointerScope;

/** What the biological experiments share: training a session in-process and parsing class ranges. */
public final class Lab {
    private Lab() {}

    /**
     * Trains {@code steps} network steps, calling {@code measure} at step 0, every
     * {@code every} steps and at the end (outside any step scope), with a line per
     * measurement on {@code log}.
     */
    static void train(Session s, long steps, long every, String label, PrintStream log, LongConsumer measure) {
        Trainer trainer = new Trainer(s, null, 0);
        long t0 = System.nanoTime();
        measure.accept(0);
        for (long step = 1; step <= steps; step++) {
            StopSignal.throwIfRequested(label);
            try (PointerScope scope = new PointerScope()) {
                trainer.trainStep(false);
            }
            if (step % every == 0 || step == steps) {
                measure.accept(step);
                if (log != null) log.printf("%s: step %d/%d (%.0f s)%n", label, step, steps, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** "0-4" or "0,2,7" or "0-2,9" → a 10-entry membership table. */
    public static boolean[] classes(String spec) {
        boolean[] in = new boolean[10];
        try {
            for (String part : spec.split(",")) {
                String[] ends = part.trim().split("-");
                int a = Integer.parseInt(ends[0].trim()), b = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : a;
                if (ends.length > 2 || a < 0 || b > 9 || a > b) throw new NumberFormatException();
                for (int c = a; c <= b; c++) in[c] = true;
            }
        } catch (NumberFormatException e) {
            throw new UserError("--classes takes digits 0-9 as ranges or lists, e.g. 0-4 or 0,2,7; found '" + spec + "'");
        }
        return in;
    }
}
