package dev.phasic.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.UserError;
import dev.phasic.data.Mnist;
import dev.phasic.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.io.TempDir;

/** Recipes are found on the class path in a stable order; a clash or an absent recipe is one line. */
class RecipesTest {
    @Test
    void theBuiltInsAreFoundTheDefaultFirstThenByName() {
        assertEquals(List.of("mnist-recurrent", "hierarchical", "moving-mnist"), Recipe.names());
        assertEquals(Recipe.DEFAULT, TrainConfig.defaults().recipe());
    }

    @Test
    void twoRecipesOfOneNameAreOneLineNamingBothClasses() {
        Recipe twin = new Twin();
        UserError e = assertThrows(UserError.class, () -> Recipes.ordered(List.of(new MnistRecurrentRecipe(), twin)));
        assertTrue(e.getMessage().contains(MnistRecurrentRecipe.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(twin.getClass().getName()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aConfigNamingARecipeNotOnTheClassPathIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"recipe\":\"dale-recurrent\",\"objective\":\"COMBINED\"}");
        UserError e = assertThrows(UserError.class, () -> Json.read(config, TrainConfig.class));
        assertTrue(e.getMessage().contains("'dale-recurrent' is not on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist-recurrent, hierarchical, moving-mnist"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** A plug-in that takes a built-in's name. */
    private static final class Twin implements Recipe {
        @Override
        public String name() {
            return "mnist-recurrent";
        }

        @Override
        public Class<MlpOptions> options() {
            return MlpOptions.class;
        }

        @Override
        public Mnist.Splits data(TrainConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Built build(TrainConfig config, int[] imageShape, Device device) {
            throw new UnsupportedOperationException();
        }
    }
}
