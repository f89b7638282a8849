package dev.phasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.torch.LifetimeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trainings of all three architectures one after another in one JVM, with garbage
 * collected and freed native memory reused between them: state left by one training
 * must not reach the next (every logged loss stays finite).
 */
class SequentialTrainingTest {
    @TempDir Path dir;

    @Test
    void threeTrainingsInOneJvmStayFinite() throws Exception {
        train("mlp", "--recipe", "mnist-recurrent", "--hidden", "32", "--latent", "8", "--batch-size", "16");
        LifetimeTest.collectAndScribble();
        train("conv", "--recipe", "hierarchical", "--width", "0.125", "--batch-size", "8");
        LifetimeTest.collectAndScribble();
        train("video", "--recipe", "moving-mnist", "--width", "0.125", "--image-size", "32",
                "--context", "3", "--predict", "2", "--batch-size", "4");
        LifetimeTest.collectAndScribble();
        train("conv-again", "--recipe", "hierarchical", "--width", "0.125", "--batch-size", "8");
    }

    private void train(String name, String... recipe) throws Exception {
        Path run = dir.resolve(name);
        String[] args = new String[recipe.length + 7];
        args[0] = "train";
        System.arraycopy(recipe, 0, args, 1, recipe.length);
        System.arraycopy(new String[] {"--steps", "4", "--log-every", "1", "--out", run.toString()}, 0, args, recipe.length + 1, 6);
        assertEquals(0, Main.run(args), String.join(" ", args));
        int lines = 0;
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode row = new ObjectMapper().readTree(line);
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) {
                    assertTrue(Double.isFinite(e.getValue().asDouble()), name + ": " + e.getKey() + " in " + line);
                }
            }
            lines++;
        }
        assertEquals(4, lines, name + ": one metrics row per step");
    }
}
