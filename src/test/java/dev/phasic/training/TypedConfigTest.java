package dev.phasic.training;

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
        assertEquals(TrainConfig.class.getRecordComponents().length, TrainConfig.DEFAULTS.size());
        TrainConfig video = TrainConfig.defaults("moving-mnist");
        assertEquals(32, video.batchSize());
        assertEquals(1e-3, video.lrCritic());
        assertEquals(1.5, video.pixelHeadroom());
        assertEquals(10000, TrainConfig.defaults("hierarchical").steps());
        assertEquals(TrainConfig.defaults().with("recipe", "moving-mnist").gpWeight(), video.gpWeight());
    }

    @Test
    void jsonRoundTripsAndMissingFieldsBehaveAsBefore() throws Exception {
        TrainConfig c = TrainConfig.defaults("hierarchical").with(Map.of("gamma", 0.25, "objective", ObjectiveKind.WAKE_SLEEP));
        String json = Json.MAPPER.writeValueAsString(c);
        assertEquals(c, Json.MAPPER.readValue(json, TrainConfig.class));
        // a hierarchical run written before the top-down term trained without it
        TrainConfig old = Json.MAPPER.readValue("{\"recipe\":\"hierarchical\",\"objective\":\"COMBINED\",\"steps\":5}", TrainConfig.class);
        assertEquals(0.0, old.topDownBeta());
        assertEquals(Choices.HiddenActivation.RELU, old.hiddenActivation());
        assertEquals(5, old.steps());
        Exception e = assertThrows(Exception.class, () -> Json.MAPPER.readValue("{\"recipe\":\"hierarchical\",\"bogus\":1}", TrainConfig.class));
        assertTrue(String.valueOf(e.getMessage()).contains("bogus") || e.getCause() instanceof UserError, e.toString());
    }

    @Test
    void helpStatesTheTablesDefaultsAndOptionsBelongToRecipes() {
        String help = TestSupport.stdout("train", "--help");
        assertTrue(help.contains("Batch size (default 64; moving-mnist 32)."), help);
        assertTrue(help.contains("--pixel-headroom"), help);
        assertTrue(TestSupport.userError("train", "--pixel-headroom", "2").contains("belongs to moving-mnist"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--pixel-headroom", "0.5").contains("[1, 10]"));
    }
}
