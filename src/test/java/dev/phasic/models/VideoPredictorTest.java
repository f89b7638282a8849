package dev.phasic.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import dev.phasic.training.Schedule;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class VideoPredictorTest {
    private static final Device CPU = new Device("cpu");

    /** Predictions of a wake pass on {@code x} with the given truth share and a fixed noise seed: (B·P, 1, S, S). */
    private static Tensor predictions(VideoPredictor model, Tensor x, double share) {
        model.truthShare(share);
        Rng.seed(11);
        try (NoGradGuard g = new NoGradGuard()) {
            return model.wakePass(x).oscillation().get(0);
        } finally {
            model.truthShare(0);
        }
    }

    /**
     * Two batches that agree on the context and the first future frame but differ after it.
     * In the closed loop the predictions cannot see the future, so they are identical; with
     * every true frame read back the third prediction (made after reading the second true
     * future frame) differs, and the first two, made before any difference, do not.
     */
    @Test
    void scheduledSamplingReadsTheTruthOnlyWhenAsked() {
        Native.init();
        Rng.seed(3);
        int context = 2, predict = 3, size = 32;
        VideoPredictor model = new VideoPredictor(new VideoPredictor.Shape(size, 4, context, predict, -3, 1.5), CPU);
        Tensor a = Ops.rand(CPU, 2, context + predict, size, size).mul(new org.bytedeco.pytorch.Scalar(2)).sub(new org.bytedeco.pytorch.Scalar(1));
        Tensor b = a.clone();
        b.narrow(1, context + 1, predict - 1).fill_(new org.bytedeco.pytorch.Scalar(0.5));
        double closed = Ops.toFloats(predictions(model, a, 0).sub(predictions(model, b, 0)).abs().max())[0];
        assertEquals(0.0, closed, 0.0);
        Tensor pa = predictions(model, a, 1).reshape(2, predict, -1), pb = predictions(model, b, 1).reshape(2, predict, -1);
        double early = Ops.toFloats(pa.narrow(1, 0, 2).sub(pb.narrow(1, 0, 2)).abs().max())[0];
        double late = Ops.toFloats(pa.narrow(1, 2, 1).sub(pb.narrow(1, 2, 1)).abs().max())[0];
        assertEquals(0.0, early, 0.0);
        assertTrue(late > 1e-4, "the third prediction ignored the true frame it read: " + late);
        // a later closed-loop pass is unaffected by the share set for training
        assertEquals(0.0, Ops.toFloats(predictions(model, a, 0).sub(predictions(model, b, 0)).abs().max())[0], 0.0);
    }

    @Test
    void truthShareFallsLinearlyOverItsFraction() {
        assertEquals(1.0, Schedule.truthShare(0, 1000, 0.5), 1e-12);
        assertEquals(0.5, Schedule.truthShare(250, 1000, 0.5), 1e-12);
        assertEquals(0.0, Schedule.truthShare(500, 1000, 0.5), 1e-12);
        assertEquals(0.0, Schedule.truthShare(900, 1000, 0.5), 1e-12);
        assertEquals(0.0, Schedule.truthShare(0, 1000, 0), 1e-12);
    }
}
