package dev.phasic;

import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.training.TrainConfig;

/** Tiny configurations that train in milliseconds per step. */
public final class TestSupport {
    private TestSupport() {}

    /**
     * Runs the command line expecting a user mistake: asserts exit code 2 and one line on
     * stderr without a stack trace, and returns that line.
     */
    public static String userError(String... args) {
        Outcome o = run(args);
        String command = String.join(" ", args);
        org.junit.jupiter.api.Assertions.assertEquals(2, o.code(), command + " → " + o.stderr());
        org.junit.jupiter.api.Assertions.assertEquals(1, o.stderr().lines().count(), "one line for " + command + ": " + o.stderr());
        return o.stderr();
    }

    /** What a command line that succeeds prints on stdout. */
    public static String stdout(String... args) {
        Outcome o = run(args);
        org.junit.jupiter.api.Assertions.assertEquals(0, o.code(), String.join(" ", args) + " → " + o.stderr());
        return o.stdout();
    }

    /** A command line's exit code, stdout and stripped stderr. */
    public record Outcome(int code, String stdout, String stderr) {}

    /** Runs a command line in this JVM, capturing its output; asserts that stderr holds no stack trace. */
    public static Outcome run(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new java.io.PrintStream(out, true));
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = dev.phasic.cli.Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String text = err.toString().strip();
        org.junit.jupiter.api.Assertions.assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
        return new Outcome(code, out.toString(), text);
    }

    /** The hierarchical recipe's defaults at width 0.125, batch 32, on the embedded digits. */
    public static TrainConfig tinyHierarchical() {
        return TrainConfig.defaults("hierarchical").with(java.util.Map.of("batchSize", 32, "steps", 300L, "width", 0.125,
                "seed", 1L, "checkpointEvery", 1000, "threads", 0));
    }

    /**
     * Runs the command line expecting exit {@code code} with a last stderr line that starts
     * with {@code phasic: } and no stack trace anywhere (a training may print its header and
     * progress first); returns that line.
     */
    public static String fails(int code, String... args) {
        Outcome o = run(args);
        String last = o.stderr().lines().reduce((a, b) -> b).orElse("");
        org.junit.jupiter.api.Assertions.assertEquals(code, o.code(), String.join(" ", args) + " → " + o.stderr());
        org.junit.jupiter.api.Assertions.assertTrue(last.startsWith("phasic: "), "one phasic line: " + o.stderr());
        return last;
    }

    public static TrainConfig tiny(ObjectiveKind objective, long steps) {
        return TrainConfig.defaults("mnist-recurrent").with(java.util.Map.ofEntries(java.util.Map.entry("objective", objective),
                java.util.Map.entry("batchSize", 16), java.util.Map.entry("steps", steps), java.util.Map.entry("decayFactor", 1.0),
                java.util.Map.entry("hidden", 32), java.util.Map.entry("latent", 8), java.util.Map.entry("seed", 7L),
                java.util.Map.entry("logEvery", 5), java.util.Map.entry("threads", 0)));
    }
}
