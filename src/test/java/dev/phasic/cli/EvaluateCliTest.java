package dev.phasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.data.Idx;
import dev.phasic.data.ImageDataset;
import dev.phasic.data.Mnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation, report and comparison through the command line, on a small MNIST-format folder. */
class EvaluateCliTest {
    @TempDir Path dir;

    @Test
    void evaluateWritesMetricsReportAndCompareWritesCharts() throws Exception {
        System.setProperty("phasic.cache", dir.resolve("cache").toString());
        Path data = smallMnist(dir.resolve("data"), 600, 200);
        String[] tiny = {"--data", data.toString(), "--batch-size", "16", "--hidden", "32", "--latent", "8",
                "--steps", "8", "--log-every", "4", "--eval-every", "4"};
        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, Main.run(concat(new String[] {"train", "--objective", "combined", "--out", a.toString()}, tiny)));
        assertEquals(0, Main.run(concat(new String[] {"train", "--objective", "wake-sleep", "--out", b.toString()}, tiny)));
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(a.resolve("metrics.jsonl"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"eval.reconstruction_class_agreement\"")), "eval lines logged");

        assertEquals(0, Main.run("evaluate", a.toString(), "--n", "100"));
        assertEquals(0, Main.run("evaluate", b.toString(), "--n", "100"));
        JsonNode m = json.readTree(a.resolve("eval/metrics.json").toFile());
        for (String key : new String[] {"classifier_accuracy", "reconstruction_mse", "reconstruction_class_agreement",
                "sample_frechet", "berkes_kl_bits", "berkes_floor_bits", "berkes.x.kl_reverse_bits", "berkes.z.independent_bits", "probe_accuracy.x",
                "probe_accuracy.z"}) {
            assertTrue(m.has(key) && Double.isFinite(m.get(key).asDouble()), key + " in " + m);
        }
        assertEquals(10, m.get("berkes.x.units").size());
        assertEquals(1024.0, m.get("berkes_states").asDouble());
        assertEquals(10, m.get("sample_class_histogram").size());
        double agreement = m.get("reconstruction_class_agreement").asDouble();
        assertTrue(agreement >= 0 && agreement <= 1);
        assertNotNull(ImageIO.read(a.resolve("eval/berkes.png").toFile()));
        String html = Files.readString(a.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>"));
        assertTrue(html.split("data:image/png;base64,").length >= 5, "grids, scatter and curves inlined");
        assertTrue(html.contains("reconstruction_class_agreement"));

        Path prefix = dir.resolve("cmp");
        assertEquals(0, Main.run("compare", a.toString(), b.toString(), "--out", prefix.toString()));
        assertNotNull(ImageIO.read(Path.of(prefix + ".png").toFile()));
        assertNotNull(ImageIO.read(Path.of(prefix + "-divergences.png").toFile()));
        assertEquals(2, Main.run("compare", dir.resolve("data").toString()));
    }

    static Path smallMnist(Path dir, int nTrain, int nTest) throws Exception {
        Files.createDirectories(dir);
        Mnist.Splits e = Mnist.embedded();
        write(dir, "train", e.train().head(nTrain));
        write(dir, "t10k", e.test().head(nTest));
        return dir;
    }

    private static void write(Path dir, String split, ImageDataset d) throws Exception {
        Files.write(dir.resolve(split + "-images-idx3-ubyte.gz"), Idx.write(new int[] {d.count(), 28, 28}, d.pixels(), true));
        Files.write(dir.resolve(split + "-labels-idx1-ubyte"), Idx.write(new int[] {d.count()}, d.labels(), false));
    }

    private static String[] concat(String[] x, String[] y) {
        return Stream.concat(Arrays.stream(x), Arrays.stream(y)).toArray(String[]::new);
    }
}
