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
        Outcome o = run(args);
        String command = String.join(" ", args);
        org.junit.jupiter.api.Assertions.assertEquals(2, o.code(), command + " → " + o.stderr());
        org.junit.jupiter.api.Assertions.assertEquals(1, o.stderr().lines().count(), "one line for " + command + ": " + o.stderr());
        return o.stderr();
    }

    /** A command line's exit code and stripped stderr; asserts that stderr holds no stack trace. */
    private record Outcome(int code, String stderr) {}

    private static Outcome run(String... args) {
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
        org.junit.jupiter.api.Assertions.assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
        return new Outcome(code, text);
    }

    /** The hierarchical recipe's defaults at width 0.125, batch 32, on the embedded digits. */
    public static TrainConfig tinyHierarchical() {
        TrainConfig d = TrainConfig.defaults("hierarchical");
        return new TrainConfig("hierarchical", d.objective(), d.gamma(), d.beta(), d.featureLayers(), d.hiddenWakeGradient(), d.gpWeight(),
                d.nCritic(), 32, 300, 0, d.lrInference(), d.lrGeneration(), d.lrCritic(), d.adamBeta1(), d.adamBeta2(), d.weightDecay(),
                d.clipNorm(), d.decayStart(), d.decayEnd(), d.decayFactor(), d.stdBias(), d.hidden(), d.latent(), d.recurrent(), 0.125,
                d.hiddenActivation(), d.imageSize(), d.context(), d.predict(), d.truthDecay(), 1, "cpu", "embedded", 50, 1000, 0, 0,
                "stop", d.topDownBeta(), d.topDownSources(), d.criticWidth(), d.minibatchStd(), d.criticDrift(), 0);
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
        return new TrainConfig("mnist-recurrent", objective, 0.5, 1.0, 0, false, 10.0, 1, 16, steps, 0,
                2e-4, 2e-4, 2e-4, 0.5, 0.999, 2.5e-5, 0.0, 0.5, 0.625, 1.0, -3.0, 32, 8, true, 1.0, "relu", 32, 10, 10, 0,
                7, "cpu", "embedded", 5, 1000, 0, 0, "stop", 0, "top", "paper", false, 0, 0);
    }
}
