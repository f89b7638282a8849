package dev.phasic.training;

import dev.phasic.hierarchical.HierarchyOptions;
import dev.phasic.recurrent.MnistRecurrentRecipe;
import dev.phasic.recurrent.MlpOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.UserError;
import dev.phasic.data.Mnist;
import dev.phasic.io.Json;
import dev.phasic.objectives.Objectives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void theHooksGiveWhatTheCoreComputedFromEveryGroup() {
        List<TrainConfig> configs = List.of(TrainConfig.defaults("mnist-recurrent"), TrainConfig.defaults("hierarchical"),
                TrainConfig.defaults("hierarchical").with("topDownSources", HierarchyOptions.TopDownSources.TOP),
                TrainConfig.defaults("hierarchical").with(java.util.Map.of("topDownBeta", 0.5, "criticDrift", 0.01)),
                TrainConfig.defaults("moving-mnist"), TrainConfig.defaults("moving-mnist").with("truthDecay", 0.0));
        for (TrainConfig c : configs) {
            Recipe r = Recipe.of(c.recipe());
            java.util.Map<String, Object> v = new java.util.HashMap<>(TrainConfig.DEFAULTS); // another recipe's options at their defaults
            v.putAll(c.toMap());
            double truthDecay = (double) v.get("truthDecay");
            Objectives.Local before = new Objectives.Local(c.terms().gamma(), c.terms().beta(), c.terms().gpWeight(),
                    c.terms().featureLayers(), c.terms().hiddenWakeGradient(), !r.predictsVideo(), (double) v.get("topDownBeta"),
                    (double) v.get("criticDrift"), (double) v.get("adversarialWeight"), (double) v.get("pixelAnchor"));
            assertEquals(before, r.localSettings(c), c.recipe());
            assertEquals(truthDecay > 0, r.scheduledFromStart(c), c.recipe());
            for (long step = 0; step < 40; step++) {
                assertEquals(Schedule.truthShare(step, 30, truthDecay), r.truthShare(c, step, 30), c.recipe());
                for (int top = 1; top <= 5; top++) {
                    int cycled = v.get("topDownSources") != HierarchyOptions.TopDownSources.CYCLE || top < 2 ? top : top - (int) (step % (top - 1));
                    assertEquals(cycled, r.topDownSource(c, step, top), c.recipe());
                }
            }
        }
    }

    /** A plug-in's option named as a shared one: one line at discovery naming both. */
    @Test
    void aPluginOptionThatClashesWithASharedOneIsOneLineNamingBoth() {
        Recipe clash = new Plugin("clash", ClashOptions.class, Map.of());
        UserError e = assertThrows(UserError.class, () -> OptionDeclarations.checkNames(List.of(new MnistRecurrentRecipe(), clash)));
        assertEquals("the clash recipe's option --gamma clashes with the shared option --gamma; rename one of them", e.getMessage());
    }

    /** A recipe's changed default that names no option, or holds another type, fails at discovery in one line. */
    @Test
    void aMisspeltOrMistypedDefaultIsOneLineAtDiscovery() {
        UserError typo = assertThrows(UserError.class, () -> OptionDeclarations.checkNames(List.of(new MnistRecurrentRecipe(),
                new Plugin("typo", OwnOptions.class, Map.of("batchsize", 32)))));
        assertEquals("the typo recipe changes the default of 'batchsize', which is no option", typo.getMessage());
        UserError type = assertThrows(UserError.class, () -> OptionDeclarations.checkNames(List.of(new MnistRecurrentRecipe(),
                new Plugin("type", OwnOptions.class, Map.of("batchSize", 32.0)))));
        assertEquals("the type recipe's default of 'batchSize' is 32.0, not a int", type.getMessage());
        OptionDeclarations.checkNames(Recipe.all());                              // the built-ins pass
    }

    /** A plug-in's options: one named as the shared {@code --gamma}. */
    public record ClashOptions(@Cli(name = "--gamma", help = "A gain of its own.") @Default("1.0") double gain) {}

    /** A plug-in's options with a name of their own. */
    public record OwnOptions(@Cli(name = "--gain", help = "A gain of its own.") @Default("1.0") double gain) {}

    private record Plugin(String name, Class<? extends Record> options, Map<String, Object> defaults) implements Recipe {

        @Override
        public Mnist.Splits data(TrainConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Built build(TrainConfig config, int[] imageShape, Device device) {
            throw new UnsupportedOperationException();
        }
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
