package dev.phasic.io;

import java.io.PrintStream;
import java.util.Map;

/**
 * A one-line progress bar with rate, ETA and the latest losses. On a terminal it
 * redraws in place; otherwise (logs, CI) it prints a line per update.
 */
public final class Progress {
    private final PrintStream out;
    private final long total;
    private final long start;
    private final long startNanos = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private final String unit;

    public Progress(PrintStream out, long startStep, long totalSteps) {
        this(out, startStep, totalSteps, "step");
    }

    /** A bar counting {@code unit}s ("epoch", "batch"); {@code out} may be null for none. */
    public Progress(PrintStream out, long startStep, long totalSteps, String unit) {
        this.out = out;
        this.start = startStep;
        this.total = totalSteps;
        this.unit = unit;
    }

    public void update(long step, Map<String, Double> losses) {
        if (out == null) return;
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long done = step - start;
        double perStep = done > 0 ? elapsed / done : 0;
        long eta = Math.round(perStep * (total - step));
        int width = 24;
        int filled = (int) (width * step / Math.max(1, total));
        StringBuilder line = new StringBuilder();
        line.append(String.format("%s %d/%d [", unit, step, total))
            .append("=".repeat(filled)).append(" ".repeat(width - filled))
            .append(String.format("] %3d%% %.1f ms/%s ETA %s", 100 * step / Math.max(1, total), perStep * 1e3, unit, clock(eta)));
        losses.forEach((k, v) -> line.append(String.format(" %s=%.3f", shorten(k), v)));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else {
            out.println(line);
        }
    }

    public void finish() {
        if (terminal && out != null) out.println();
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    public static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                               : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private static String shorten(String key) {
        return key.replace("network.", "n.").replace("critic.", "c.").replace("distance", "W").replace("feature", "fm");
    }
}
