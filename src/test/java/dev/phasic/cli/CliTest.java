package dev.phasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.TestSupport;
import dev.phasic.data.Idx;
import java.awt.image.BufferedImage;
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

class CliTest {
    private static final String[] TINY = {"--batch-size", "8", "--hidden", "16", "--latent", "4", "--log-every", "2",
            "--checkpoint-every", "4"};
    @TempDir Path dir;

    @Test
    void trainWritesEveryArtifactAndSampleReconstructResumeWork() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, phasic(concat(new String[] {"train", "--steps", "6", "--objective", "oscillation", "--out",
                run.toString()}, TINY)));
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(run.resolve("config.json").toFile());
        assertEquals("OSCILLATION", config.get("objective").asText());
        assertEquals(8, config.get("batchSize").asInt());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(3, lines.size(), "a line every 2 steps");
        JsonNode last = json.readTree(lines.get(2));
        assertEquals(6, last.get("step").asInt());
        for (String key : new String[] {"critic.loss", "critic.x.distance", "critic.z.gp", "network.loss",
                "network.x.feature", "network.z.distance"}) {
            assertTrue(last.has(key) && Double.isFinite(last.get(key).asDouble()), key + " in " + last);
        }
        Path ckpt = run.resolve("checkpoints/step-00000006");
        assertTrue(Files.isRegularFile(ckpt.resolve("weights.safetensors")));
        assertTrue(Files.isRegularFile(ckpt.resolve("optimizer-critics.pt")));
        assertEquals(6, json.readTree(ckpt.resolve("state.json").toFile()).get("step").asInt());
        assertPng(run.resolve("samples/step-00000006.png"), 10 * 29 + 1, 10 * 29 + 1);
        assertPng(run.resolve("reconstructions/step-00000006.png"), 10 * 29 + 1, 10 * 29 + 1);

        Path sample = dir.resolve("s.png");
        assertEquals(0, phasic("sample", run.toString(), "--n", "20", "--out", sample.toString()));
        assertPng(sample, 10 * 29 + 1, 2 * 29 + 1);
        assertEquals(0, phasic("reconstruct", run.toString(), "--n", "10"));
        assertPng(run.resolve("reconstruction.png"), 10 * 29 + 1, 2 * 29 + 1);

        assertEquals(0, phasic("train", "--resume", run.toString(), "--steps", "8"));
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-00000008")));
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no half-written checkpoint");
        }
        // the thread count is the machine's: a resume may move the run to another, and the run records it
        assertEquals(2, phasic("train", "--resume", run.toString(), "--steps", "12", "--threads", "-1"));
        assertEquals(0, phasic("train", "--resume", run.toString(), "--steps", "12", "--threads", "1"));
        assertEquals(1, json.readTree(run.resolve("config.json").toFile()).get("threads").asInt());
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-00000012")));
        assertEquals(2, phasic("train", "--resume", run.toString(), "--steps", "16", "--hidden", "32"), "what trains stays fixed");
    }

    @Test
    void hierarchicalRecipeTrainsThroughTheCli() throws Exception {
        Path run = dir.resolve("conv");
        assertEquals(0, phasic("train", "--recipe", "hierarchical", "--width", "0.125", "--steps", "3",
                "--batch-size", "4", "--log-every", "1", "--out", run.toString()));
        JsonNode last = new ObjectMapper().readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(2));
        for (String layer : new String[] {"x", "h1", "h2", "h3", "h4", "z"}) {
            assertTrue(last.has("critic." + layer + ".distance"), layer + " critic in " + last);
        }
        assertTrue(last.has("network.h4.feature") && !last.has("network.z.feature"));
        assertPng(run.resolve("samples/step-00000003.png"), 10 * 33 + 1, 10 * 33 + 1);
        assertEquals(0, phasic("sample", run.toString(), "--n", "10"));
        assertEquals(2, phasic("train", "--recipe", "hierarchical", "--image-size", "48"));
    }

    /** {@code --penalty-every 2}: critic updates 0, 2, … compute the penalty; the others log none. */
    @Test
    void aLazyPenaltyIsComputedOnEveryKthCriticUpdate() throws Exception {
        Path run = dir.resolve("lazy");
        assertEquals(0, phasic("train", "--steps", "4", "--batch-size", "8", "--hidden", "16", "--latent", "4", "--log-every", "1",
                "--penalty-every", "2", "--out", run.toString()));
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 4; i++) {
            JsonNode m = json.readTree(lines.get(i));
            assertEquals(i % 2 == 0, m.has("critic.x.gp"), "step " + m.get("step") + ": " + m);
            assertTrue(m.has("critic.x.distance"));
        }
        assertEquals(2, json.readTree(run.resolve("config.json").toFile()).get("penaltyEvery").asInt());
        TestSupport.userError("train", "--penalty-every", "0");
    }

    /** {@code bench} takes train's options (the paper's settings can be timed) and reports the step by part. */
    @Test
    void benchTimesAnyTrainConfigurationByPart() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        try {
            assertEquals(0, phasic("bench", "--recipe", "hierarchical", "--width", "0.125", "--batch-size", "4", "--top-down-beta", "0",
                    "--critic-width", "paper", "--penalty-every", "2", "--steps", "2", "--warmup", "1", "--breakdown"));
        } finally {
            System.setOut(before);
        }
        String text = out.toString();
        assertTrue(text.contains("bench hierarchical / combined, batch 4"), text);
        double total = 0;
        for (String part : new String[] {"sample", "critic.loss", "critic.backward", "critic.update", "network.loss", "network.backward",
                "network.update", "other"}) {
            String line = text.lines().filter(l -> l.strip().startsWith(part + " ")).findFirst().orElseThrow(() -> new AssertionError(part + " in " + text));
            total += Double.parseDouble(line.strip().split("\\s+")[2].replace("%", ""));
        }
        assertEquals(100, total, 0.5, "the parts cover the timed steps: " + text);
        TestSupport.userError("bench", "--recipe", "hierarchical", "--hidden", "5");
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        Path truncated = dir.resolve("truncated");
        Files.createDirectories(truncated);
        byte[] images = Idx.write(new int[] {10, 28, 28}, new byte[10 * 784], false);
        Files.write(truncated.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, 500));
        Files.write(truncated.resolve("train-labels-idx1-ubyte"), Idx.write(new int[] {10}, new byte[10], false));
        String[][] cases = {
                {"train", "--gamma", "1.5"},
                {"train", "--batch-size", "0"},
                {"train", "--objective", "dream"},
                {"train", "--steps", "-3"},
                {"train", "--bogus"},
                {"train", "--data", dir.resolve("nowhere").toString()},
                {"train", "--data", truncated.toString()},
                {"train", "--device", "cuda:3"},
                {"sample", dir.toString()},
                {"train", "--resume", dir.toString()},
        };
        for (String[] args : cases) TestSupport.userError(args);
    }

    private static int phasic(String... args) {
        return Main.run(args);
    }

    private static void assertPng(Path file, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " decodes as PNG");
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
