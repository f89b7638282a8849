package dev.phasic.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.data.Mnist;
import dev.phasic.torch.Native;
import java.io.PrintStream;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;

/** The independent classifier must be a trustworthy judge: ≥ 98% on the embedded test split. */
class ClassifierTest {
    @Test
    void reachesItsAccuracyBarOnTheEmbeddedDigits() throws Exception {
        Native.init();
        Mnist.Splits data = Mnist.embedded();
        Device cpu = new Device("cpu");
        Classifier model = Classifiers.create(data.train(), cpu);
        Classifiers.fit(model, data.train(), cpu);
        model.train(false);
        double acc = Classifiers.accuracy(model, data.test(), cpu);
        assertTrue(acc >= 0.98, "test accuracy " + acc);
        // evaluation mode is deterministic (no dropout)
        assertEquals(acc, Classifiers.accuracy(model, data.test(), cpu), 0.0);
    }
}
