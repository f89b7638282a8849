package dev.phasic.cli;

import dev.phasic.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code phasic compare} on runs that differ by objective and seed: grouped by the objective
 * (found, not given), each metric with its interval, the two groups tested by Welch's t,
 * a group of one run said to have no interval; charts and the HTML page written.
 */
class CompareGroupsTest {
    @TempDir Path dir;

    private Path run(String name, String objective, int seed, double agreement) throws Exception {
        Path run = dir.resolve(name);
        Files.createDirectories(run.resolve("eval"));
        Files.writeString(run.resolve("config.json"), "{\"recipe\": \"mnist-recurrent\", \"objective\": \"" + objective
                + "\", \"seed\": " + seed + ", \"threads\": " + seed + "}");
        Files.writeString(run.resolve("eval").resolve("metrics.json"), "{\"reconstruction_class_agreement\": " + agreement
                + ", \"sample_frechet\": " + (10 * agreement) + "}");
        return run;
    }

    @Test
    void runsGroupByTheOptionThatDiffersAndTheGroupsAreTested() throws Exception {
        String[] args = {"compare",
                run("c1", "COMBINED", 1, 1).toString(), run("c2", "COMBINED", 2, 2).toString(), run("c3", "COMBINED", 3, 3).toString(),
                run("c4", "COMBINED", 4, 4).toString(), run("c5", "COMBINED", 5, 5).toString(),
                run("w1", "WAKE_SLEEP", 1, 2).toString(), run("w2", "WAKE_SLEEP", 2, 4).toString(), run("w3", "WAKE_SLEEP", 3, 6).toString(),
                run("w4", "WAKE_SLEEP", 4, 8).toString(), run("w5", "WAKE_SLEEP", 5, 10).toString(),
                run("o1", "OSCILLATION", 1, 0.5).toString(), "--out", dir.resolve("cmp").toString()};
        String out = TestSupport.stdout(args);
        assertTrue(out.contains("groups by objective;"), out);
        assertTrue(out.contains("G1  objective=combined  (5 runs"), out);
        assertTrue(out.contains("3.0000 ± 1.9632, sd 1.5811, n 5"), out);          // t(0.975, 4) · √2.5 / √5
        assertTrue(out.contains("0.5000 (one run: no interval)"), out);
        // combined (1..5) against wake-sleep (2..10): t = −1.897, df = 5.9, two-sided p = 0.1075; one pair with two runs a side
        assertTrue(out.contains("reconstruction_class_agreement     G1 − G2 = -3.0000  t -1.897  df 5.9  p 0.1075  Holm p 0.1075"), out);
        String less = TestSupport.stdout(concat(args, "--alternative", "less", "--metrics", "reconstruction_class_agreement"));
        assertTrue(less.contains("p 0.05377"), less);
        assertTrue(!less.contains("sample_frechet                     G1"), "--metrics restricts the tests: " + less);
        for (String f : new String[] {"cmp.png", "cmp-divergences.png", "cmp.html"}) assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        assertTrue(Files.readString(dir.resolve("cmp.html")).contains("Holm p"));
        assertTrue(TestSupport.userError("compare", dir.resolve("c1").toString(), "--group-by", "colour").contains("no run's config.json has 'colour'"));
        assertTrue(TestSupport.userError("compare", dir.resolve("c1").toString(), "--alternative", "sideways").contains("two-sided, greater or less"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
