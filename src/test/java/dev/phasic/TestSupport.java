package dev.phasic;

import dev.phasic.training.ObjectiveKind;
import dev.phasic.training.TrainConfig;

/** Tiny configurations that train in milliseconds per step. */
public final class TestSupport {
    private TestSupport() {}

    public static TrainConfig tiny(ObjectiveKind objective, long steps) {
        return new TrainConfig("mnist-recurrent", objective, 0.5, 1.0, 0, false, 10.0, 1, 16, steps, 0,
                2e-4, 2e-4, 2e-4, 0.5, 0.999, 2.5e-5, 0.0, 0.5, 0.625, 1.0, -3.0, 32, 8, true, 1.0, 32, 10, 10,
                7, "cpu", "embedded", 5, 1000, 0, 0);
    }
}
