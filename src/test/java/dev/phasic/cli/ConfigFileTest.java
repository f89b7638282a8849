package dev.phasic.cli;

import dev.phasic.TestSupport;
import dev.phasic.io.Json;
import dev.phasic.hierarchical.HierarchyOptions;
import dev.phasic.training.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --config FILE.json}: the recipe's defaults, then the file, then the command
 * line; a partial file naming only a recipe trains that recipe's defaults; a run's own
 * config.json trains the same weights again; a bad file is one line, exit 2.
 */
class ConfigFileTest {
    @TempDir Path dir;

    private TrainConfig configOf(Path run) {
        return Json.read(run.resolve("config.json"), TrainConfig.class);
    }

    @Test
    void aPartialFileSitsBetweenTheRecipesDefaultsAndTheCommandLine() throws Exception {
        Path file = dir.resolve("partial.json"), run = dir.resolve("run");
        Files.writeString(file, "{\"recipe\": \"hierarchical\", \"width\": 0.5, \"beta\": 2, \"objective\": \"oscillation\"}");
        TestSupport.stdout("train", "--config", file.toString(), "--width", "0.125", "--steps", "1", "--threads", "1",
                "--out", run.toString());
        TrainConfig c = configOf(run);
        TrainConfig hierarchical = TrainConfig.defaults("hierarchical");
        assertEquals("hierarchical", c.recipe());
        assertEquals(0.125, c.network().width(), "the command line over the file");
        assertEquals(2.0, c.terms().beta(), "the file over the recipe's defaults");
        assertEquals("oscillation", c.objective().cliName, "a choice spelt as on the command line");
        assertEquals(hierarchical.architecture(HierarchyOptions.class).topDownBeta(), c.architecture(HierarchyOptions.class).topDownBeta(), "the hierarchical defaults, not the recipe-free ones");
        assertEquals(hierarchical.architecture(HierarchyOptions.class).hiddenActivation(), c.architecture(HierarchyOptions.class).hiddenActivation());
        assertEquals(hierarchical.with(Map.of("width", 0.125, "beta", 2.0, "objective", c.objective(), "gamma", 0.0,
                "steps", 1L, "threads", 1)), c, "nothing else changed");
    }

    @Test
    void aRunsConfigTrainsTheSameWeightsAgain() throws Exception {
        Path first = dir.resolve("first"), again = dir.resolve("again");
        TestSupport.stdout("train", "--steps", "4", "--batch-size", "8", "--hidden", "16", "--latent", "4", "--threads", "1",
                "--seed", "7", "--out", first.toString());
        TestSupport.stdout("train", "--config", first.resolve("config.json").toString(), "--out", again.toString());
        assertEquals(configOf(first), configOf(again));
        Path weights = Path.of("checkpoints", "step-00000004", "weights.safetensors");
        assertArrayEquals(Files.readAllBytes(first.resolve(weights)), Files.readAllBytes(again.resolve(weights)));
    }

    @Test
    void aBadFileIsOneLine() throws Exception {
        Path unknown = dir.resolve("unknown.json"), type = dir.resolve("type.json"), list = dir.resolve("list.json");
        Files.writeString(unknown, "{\"recipe\": \"hierarchical\", \"bogus\": 1}");
        Files.writeString(type, "{\"width\": \"wide\"}");
        Files.writeString(list, "[1, 2]");
        assertTrue(TestSupport.userError("train", "--config", unknown.toString()).contains("unknown configuration field 'bogus'"));
        assertTrue(TestSupport.userError("train", "--config", type.toString(), "--recipe", "hierarchical").contains("'width' holds wide"));
        assertTrue(TestSupport.userError("train", "--config", list.toString()).contains("no JSON object"));
        assertTrue(TestSupport.userError("train", "--config", dir.resolve("missing.json").toString()).contains("no such file"));
        assertTrue(TestSupport.userError("train", "--config", type.toString(), "--resume", dir.toString()).contains("--resume continues"));
    }
}
