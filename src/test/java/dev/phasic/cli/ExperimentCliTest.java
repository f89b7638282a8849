package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The biological experiments from the command line, each short, on the embedded digits. */
class ExperimentCliTest {
    @TempDir Path dir;

    @Test
    void surpriseSeparatesInvertedDigitsAndWritesItsPage() throws Exception {
        Path out = dir.resolve("surprise");
        assertEquals(0, Main.run("experiment", "surprise", "--steps", "100", "--n", "100", "--out", out.toString()));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode auroc = m.get("auroc_unfamiliar_above_familiar");
        for (String set : new String[] {"held-out classes", "inverted", "noise"}) {
            for (String signal : new String[] {"surprise.x", "surprise.z", "oscillation.x"}) {
                double v = auroc.get(set).get(signal).asDouble();
                assertTrue(v >= 0 && v <= 1, set + " " + signal + ": " + v);
            }
        }
        // inverted digits are far from anything the input critic saw: its score drops for every one of them
        assertTrue(auroc.get("inverted").get("surprise.x").asDouble() > 0.9, auroc.toString());
        assertEquals("0,1,2,3,4", m.get("classes").asText());
        assertNotNull(ImageIO.read(out.resolve("auroc.png").toFile()));
        assertNotNull(ImageIO.read(out.resolve("oscillation-power.png").toFile()));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.split("data:image/png;base64,").length == 3, "two figures inlined");
    }

    @Test
    void perturbationSilencesOnlyTheGenerativePhaseAndRecordsBothRuns() throws Exception {
        Path out = dir.resolve("perturbation");
        assertEquals(0, Main.run("experiment", "perturbation", "--steps", "40", "--every", "20", "--samples", "200",
                "--out", out.toString()));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(16, m.get("silenced_units").size(), "a quarter of the 64 latent units");
        assertEquals(3, m.get("perturbed").size(), "steps 0, 20, 40");
        assertEquals(3, m.get("unperturbed").size());
        // both runs start from the same seed: identical before the first step
        assertEquals(m.get("perturbed").get(0).get("wake_mean_square_silenced").asDouble(),
                m.get("unperturbed").get(0).get("wake_mean_square_silenced").asDouble(), 1e-9);
        assertNotNull(ImageIO.read(out.resolve("wake-activity.png").toFile()));
        assertNotNull(ImageIO.read(out.resolve("kl-silenced.png").toFile()));
    }

    @Test
    void developmentCurvesPerLayerAndObjective() throws Exception {
        Path out = dir.resolve("development");
        assertEquals(0, Main.run("experiment", "development", "--objectives", "wake-sleep,combined", "--steps", "20",
                "--every", "10", "--samples", "400", "--out", out.toString()));
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String objective : new String[] {"wake-sleep", "combined"}) {
            JsonNode rows = m.get("curves").get(objective);
            assertEquals(3, rows.size());
            assertTrue(rows.get(2).has("x.kl_bits") && rows.get(2).has("z.independent_bits"), rows.toString());
        }
        assertNotNull(ImageIO.read(out.resolve("kl-x.png").toFile()));
        assertNotNull(ImageIO.read(out.resolve("kl-z.png").toFile()));
    }

    @Test
    void badInputIsOneLine() {
        assertTrue(TestSupport.fails(2, "experiment", "surprise", "--classes", "4-1", "--out", dir.resolve("a").toString()).contains("--classes"));
        assertTrue(TestSupport.fails(2, "experiment", "perturbation", "--recipe", "moving-mnist", "--out", dir.resolve("b").toString())
                .contains("image recipes"));
        assertTrue(TestSupport.fails(2, "experiment", "perturbation", "--layer", "x", "--steps", "2", "--out", dir.resolve("c").toString())
                .contains("--layer"));
        assertTrue(TestSupport.fails(2, "experiment", "development", "--runs", dir.toString(), "--out", dir.resolve("d").toString())
                .contains("metrics.jsonl"));
    }
}
