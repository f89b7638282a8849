package dev.phasic.training;

import dev.phasic.hierarchical.HierarchyOptions;
import dev.phasic.video.VideoOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import dev.phasic.UserError;
import dev.phasic.io.Json;
import dev.phasic.objectives.ObjectiveKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults stated once, the command line derived from them, old files read with the behaviour they were written with. */
class TypedConfigTest {
    @Test
    void everyComponentHasOneDefaultAndRecipesChangeOnlyTheirs() {
        assertEquals(OptionGroups.LEAVES.size(), TrainConfig.DEFAULTS.size());
        assertEquals(OptionGroups.LEAVES.size(), OptionGroups.LEAVES.stream().map(OptionGroups.Leaf::name).distinct().count(),
                "option names are unique across groups (config.json is flat)");
        TrainConfig video = TrainConfig.defaults("moving-mnist");
        assertEquals(32, video.optimiser().batchSize());
        assertEquals(1e-3, video.optimiser().lrCritic());
        assertEquals(1.5, video.architecture(VideoOptions.class).pixelHeadroom());
        TrainConfig deep = TrainConfig.defaults("hierarchical");
        assertEquals(5000, deep.optimiser().steps());
        assertEquals(4, deep.terms().penaltyEvery());
        assertEquals(0.8, deep.optimiser().decayStart());
        assertEquals(1, TrainConfig.defaults().terms().penaltyEvery(), "the other recipes keep the penalty on every update");
        assertEquals(TrainConfig.defaults().with("recipe", "moving-mnist").terms().gpWeight(), video.terms().gpWeight());
    }

    @Test
    void jsonRoundTripsAndMissingFieldsBehaveAsBefore() throws Exception {
        TrainConfig c = TrainConfig.defaults("hierarchical").with(Map.of("gamma", 0.25, "objective", ObjectiveKind.WAKE_SLEEP));
        String json = Json.MAPPER.writeValueAsString(c);
        assertEquals(c, Json.MAPPER.readValue(json, TrainConfig.class));
        // a hierarchical run written before the top-down term trained without it
        TrainConfig old = Json.MAPPER.readValue("{\"recipe\":\"hierarchical\",\"objective\":\"COMBINED\",\"steps\":5}", TrainConfig.class);
        assertEquals(0.0, old.architecture(HierarchyOptions.class).topDownBeta());
        assertEquals(HierarchyOptions.HiddenActivation.RELU, old.architecture(HierarchyOptions.class).hiddenActivation());
        assertEquals(5, old.optimiser().steps());
        assertEquals(1, old.terms().penaltyEvery(), "and with the penalty on every critic update");
        assertEquals(0.5, old.optimiser().decayStart());
        Exception e = assertThrows(Exception.class, () -> Json.MAPPER.readValue("{\"recipe\":\"hierarchical\",\"bogus\":1}", TrainConfig.class));
        assertTrue(String.valueOf(e.getMessage()).contains("bogus") || e.getCause() instanceof UserError, e.toString());
    }

    @Test
    void helpStatesTheTablesDefaultsAndOptionsBelongToRecipes() {
        String help = TestSupport.stdout("train", "--help");
        assertTrue(help.contains("Batch size (default 64; moving-mnist 32)."), help);
        assertTrue(help.contains("--pixel-headroom"), help);
        assertTrue(TestSupport.userError("train", "--pixel-headroom", "2").contains("belongs to moving-mnist"));
        // an option's group says whose it is: VideoOptions belongs to moving-mnist, HierarchyOptions to hierarchical
        assertTrue(TestSupport.userError("train", "--recipe", "hierarchical", "--depth", "2").contains("belongs to moving-mnist"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--critic-drift", "0.1").contains("belongs to hierarchical"));
        assertThrows(UserError.class, () -> TrainConfig.defaults("hierarchical").with("depth", 2), "nor in code");
        assertEquals(2, TrainConfig.defaults("moving-mnist").with("depth", 2).architecture(VideoOptions.class).depth());
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--pixel-headroom", "0.5").contains("[1, 10]"));
    }
}
