package dev.phasic.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasic.TestSupport;
import dev.phasic.cli.Main;
import dev.phasic.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiments over seeds: numbers that differ get a mean and interval, shared ones stay, curves row by row. */
class OverSeedsTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void mergeSummarisesWhatDiffersAndKeepsWhatIsShared() throws Exception {
        JsonNode m = OverSeeds.merge(List.of(
                json("{\"steps\": 20, \"seed\": 1, \"auroc\": 0.6, \"curve\": [{\"step\": 10, \"kl\": 1.0}, {\"step\": 20, \"kl\": 2.0}]}"),
                json("{\"steps\": 20, \"seed\": 2, \"auroc\": 0.8, \"curve\": [{\"step\": 10, \"kl\": 3.0}, {\"step\": 20, \"kl\": 2.0}]}")));
        assertEquals(20, m.get("steps").asInt(), "shared settings stay as they are");
        assertEquals("[1,2]", m.get("seeds").toString(), "the seed says which repeat, it is not summarised");
        assertEquals(0.7, m.get("auroc").get("mean").asDouble(), 1e-12);
        assertEquals(Math.sqrt(0.02), m.get("auroc").get("sd").asDouble(), 1e-12);
        double half = 12.706204736174707 * Math.sqrt(0.02) / Math.sqrt(2);                   // t(0.975, 1)
        assertEquals(0.7 - half, m.get("auroc").get("low").asDouble(), 1e-9);
        assertEquals(2, m.get("auroc").get("n").asInt());
        assertEquals(10, m.get("curve").get(0).get("step").asInt());
        assertEquals(2.0, m.get("curve").get(0).get("kl").get("mean").asDouble(), 1e-12);
        assertEquals(2.0, m.get("curve").get(1).get("kl").asDouble(), 1e-12, "a point every repeat shares stays a number");
    }

    @Test
    void surpriseOverTwoSeedsAndOverTwoRuns(@TempDir Path dir) throws Exception {
        Path seeds = dir.resolve("seeds");
        TestSupport.stdout("experiment", "surprise", "--steps", "10", "--seeds", "2", "--n", "20", "--threads", "1", "--out", seeds.toString());
        JsonNode s = Json.MAPPER.readTree(seeds.resolve("metrics.json").toFile());
        assertEquals(2, s.get("repeats").asInt());
        JsonNode auroc = s.get("summary").get("auroc_unfamiliar_above_familiar");
        assertTrue(auroc.toString().contains("\"n\":2"), auroc.toString());
        assertTrue(Files.isRegularFile(seeds.resolve("seed-2").resolve("metrics.json")));
        assertTrue(Files.readString(seeds.resolve("index.html")).contains("95%"));
        Path a = dir.resolve("a"), b = dir.resolve("b");
        for (Path run : List.of(a, b)) {
            assertEquals(0, Main.run("train", "--out", run.toString(), "--hidden", "32", "--latent", "8", "--batch-size", "16", "--steps", "3",
                    "--seed", run.equals(a) ? "1" : "2", "--threads", "1"));
        }
        Path runs = dir.resolve("runs");
        TestSupport.stdout("experiment", "oscillation-power", "--run", a + "," + b, "--n", "20", "--out", runs.toString());
        assertEquals(2, Json.MAPPER.readTree(runs.resolve("metrics.json").toFile()).get("repeats").asInt());
        assertTrue(TestSupport.userError("experiment", "surprise", "--run", a + "," + b, "--seeds", "2").contains("not both"));
    }
}
