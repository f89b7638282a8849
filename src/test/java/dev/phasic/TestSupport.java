package dev.phasic;

import dev.phasic.cli.Main;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.training.TrainConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/** Tiny configurations that train in milliseconds per step. */
public final class TestSupport {
    private TestSupport() {}

    /** Copies the tree at {@code from} (a run directory, a fixture) to {@code to}. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    /**
     * Runs the command line expecting a user mistake: asserts exit code 2 and one line on
     * stderr without a stack trace, and returns that line.
     */
    public static String userError(String... args) {
        Outcome o = run(args);
        String command = String.join(" ", args);
        Assertions.assertEquals(2, o.code(), command + " → " + o.stderr());
        Assertions.assertEquals(1, o.stderr().lines().count(), "one line for " + command + ": " + o.stderr());
        return o.stderr();
    }

    /** What a command line that succeeds prints on stdout. */
    public static String stdout(String... args) {
        Outcome o = run(args);
        Assertions.assertEquals(0, o.code(), String.join(" ", args) + " → " + o.stderr());
        return o.stdout();
    }

    /** A command line's exit code, stdout and stripped stderr. */
    public record Outcome(int code, String stdout, String stderr) {}

    /** Runs a command line in this JVM, capturing its output; asserts that stderr holds no stack trace. */
    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String text = err.toString().strip();
        Assertions.assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
        return new Outcome(code, out.toString(), text);
    }

    /** The hierarchical recipe's defaults at width 0.125, batch 32, on the embedded digits. */
    public static TrainConfig tinyHierarchical() {
        return TrainConfig.defaults("hierarchical").with(Map.of("batchSize", 32, "steps", 300L, "width", 0.125,
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
        Assertions.assertEquals(code, o.code(), String.join(" ", args) + " → " + o.stderr());
        Assertions.assertTrue(last.startsWith("phasic: "), "one phasic line: " + o.stderr());
        return last;
    }

    public static TrainConfig tiny(ObjectiveKind objective, long steps) {
        return TrainConfig.defaults("mnist-recurrent").with(Map.ofEntries(Map.entry("objective", objective),
                Map.entry("batchSize", 16), Map.entry("steps", steps), Map.entry("decayFactor", 1.0),
                Map.entry("hidden", 32), Map.entry("latent", 8), Map.entry("seed", 7L),
                Map.entry("logEvery", 5), Map.entry("threads", 0)));
    }
}
