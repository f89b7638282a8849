package dev.phasic;

import dev.phasic.training.ObjectiveKind;
import dev.phasic.training.TrainConfig;

/** Tiny configurations that train in milliseconds per step. */
public final class TestSupport {
    private TestSupport() {}

    /**
     * Runs the command line expecting a user mistake: asserts exit code 2 and one line on
     * stderr without a stack trace, and returns that line.
     */
    public static String userError(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = dev.phasic.cli.Main.run(args);
        } finally {
            System.setErr(old);
        }
        String text = err.toString().strip();
        String command = String.join(" ", args);
        org.junit.jupiter.api.Assertions.assertEquals(2, code, command + " → " + text);
        org.junit.jupiter.api.Assertions.assertEquals(1, text.lines().count(), "one line for " + command + ": " + text);
        org.junit.jupiter.api.Assertions.assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
        return text;
    }

    public static TrainConfig tiny(ObjectiveKind objective, long steps) {
        return new TrainConfig("mnist-recurrent", objective, 0.5, 1.0, 0, false, 10.0, 1, 16, steps, 0,
                2e-4, 2e-4, 2e-4, 0.5, 0.999, 2.5e-5, 0.0, 0.5, 0.625, 1.0, -3.0, 32, 8, true, 1.0, "relu", 32, 10, 10, 0,
                7, "cpu", "embedded", 5, 1000, 0, 0, "stop");
    }
}
