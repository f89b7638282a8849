package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import org.junit.jupiter.api.Test;

/** Options that the chosen recipe or objective would ignore are refused with one line. */
class OptionMeaningTest {
    @Test
    void ignoredOptionsAreErrors() {
        assertTrue(TestSupport.userError("train", "--recipe", "hierarchical", "--latent", "8").contains("--latent"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--no-recurrence").contains("--no-recurrence"));
        assertTrue(TestSupport.userError("train", "--recipe", "hierarchical", "--hidden", "64").contains("--hidden"));
        assertTrue(TestSupport.userError("train", "--width", "0.5").contains("--width"));
        assertTrue(TestSupport.userError("train", "--recipe", "hierarchical", "--context", "3").contains("--context"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--hidden-activation", "leaky").contains("--hidden-activation"));
        assertTrue(TestSupport.userError("train", "--objective", "oscillation", "--gamma", "0.3").contains("--gamma"));
        assertTrue(TestSupport.userError("train", "--objective", "wake-sleep", "--gamma", "1").contains("--gamma"));
    }
}
