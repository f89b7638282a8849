package dev.phasic.video;

import dev.phasic.models.Critic;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import dev.phasic.training.Schedule;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoPredictorTest {
    private static final Device CPU = new Device("cpu");

    /** Predictions of a wake pass on {@code x} with the given truth share and a fixed noise seed: (B·P, 1, S, S). */
    private static Tensor predictions(VideoPredictor model, Tensor x, double share) {
        Rng.seed(11);
        try (NoGradGuard g = new NoGradGuard()) {
            return model.frameOf(model.wakePass(x, share).oscillation().get(0));
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
        VideoPredictor model = new VideoPredictor(new VideoPredictor.Shape(size, 4, 1, context, predict, -3, 1.5,
                VideoPredictor.Decoder.TRANSFORM, true, VideoOptions.PixelOutput.TANH, 1), CPU);
        Tensor a = Ops.rand(CPU, 2, context + predict, size, size).mul(new Scalar(2)).sub(new Scalar(1));
        Tensor b = a.clone();
        b.narrow(1, context + 1, predict - 1).fill_(new Scalar(0.5));
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

    /**
     * Inside an evaluation's scope every step of the closed loop and of the bounce frees its
     * intermediates (StepScope); what the loop carries (the cells' states, the frame read back)
     * must be kept, or the next step would read freed memory. Each decoder, two stacked
     * cells and two transforms, so every carried tensor is exercised, with a watcher reading
     * the mask as the evaluation's does; the same draws inside a scope and outside one (where
     * steps free nothing) give the same bits.
     */
    @Test
    void stepsFreedInsideAScopePredictAndDreamTheSame() {
        Native.init();
        for (VideoPredictor.Decoder decoder : VideoPredictor.Decoder.values()) {
            Rng.seed(5);
            VideoPredictor model = new VideoPredictor(new VideoPredictor.Shape(32, 4, 2, 3, 4, -1, 1.5,
                    decoder, decoder != VideoPredictor.Decoder.DRAW, VideoOptions.PixelOutput.TANH, 2), CPU);
            Tensor x = frames(2, 7);
            try (NoGradGuard g = new NoGradGuard()) {
                float[][] outside = rolloutAndBounce(model, x), inside;
                try (PointerScope scope = new PointerScope()) {
                    inside = rolloutAndBounce(model, x);
                }
                for (int i = 0; i < outside.length; i++) assertArrayEquals(outside[i], inside[i], decoder + ", output " + i);
            }
        }
    }

    private static float[][] rolloutAndBounce(VideoPredictor model, Tensor x) {
        Rng.seed(13);
        double[] mask = {0};
        Tensor predicted = model.rollout(x.narrow(1, 0, 3), 4, d -> mask[0] += d.moved().sum().item_double());
        List<Tensor> bounce = model.sleep(2);
        List<Tensor> wake = model.wakePass(x, 0.5).wake();
        return new float[][] {Ops.toFloats(predicted), Ops.toFloats(bounce.get(0)), Ops.toFloats(bounce.get(1)),
                Ops.toFloats(wake.get(0)), Ops.toFloats(wake.get(1)), {(float) mask[0]}};
    }

    private static VideoPredictor model(VideoPredictor.Decoder decoder, boolean conditioned) {
        Native.init();
        Rng.seed(5);
        return new VideoPredictor(new VideoPredictor.Shape(32, 4, 1, 3, 4, -1, 1.5, decoder, conditioned, VideoOptions.PixelOutput.TANH, 1), CPU);
    }

    /** (B, T, S, S) in [−1, 1]: mostly background −1 with bright squares, as Moving MNIST frames are. */
    private static Tensor frames(int b, int t) {
        Tensor x = Ops.rand(CPU, b, t, 32, 32).gt(new Scalar(0.9)).to(ScalarType.Float);
        return x.mul(new Scalar(2)).sub(new Scalar(1));
    }

    private static double[] range(Tensor t) {
        return new double[] {Ops.toFloats(t.min())[0], Ops.toFloats(t.max())[0]};
    }

    /**
     * Every frame the encoder reads back and every critic scores lies in the data's range,
     * for both decoders, even after the head's weights are blown up so that the drawn pixels
     * saturate (the old decoder's 1.5·tanh reached ±1.5).
     */
    @Test
    void predictedAndDreamedPixelsLieInTheDataRange() {
        for (VideoPredictor.Decoder decoder : VideoPredictor.Decoder.values()) {
            VideoPredictor model = model(decoder, true);
            try (NoGradGuard g = new NoGradGuard()) {
                for (Tensor w : model.generation().parameters()) w.mul_(new Scalar(20));
                HierarchicalModel.WakePass pass = model.wakePass(frames(3, 7));
                for (Tensor t : List.of(pass.wake().get(0), pass.oscillation().get(0), model.sleep(3).get(0),
                        model.rollout(frames(2, 3), 5))) {
                    double[] r = range(t);
                    assertTrue(r[0] >= -1 && r[1] <= 1, decoder + ": pixels in [" + r[0] + ", " + r[1] + "]");
                }
                double[] r = range(model.frameOf(pass.oscillation().get(0)));
                assertTrue(r[1] - r[0] > 0.5, decoder + ": the saturated head still predicts more than one value: " + r[0] + ".." + r[1]);
            }
        }
    }

    /**
     * The transform decoder moves the frame it read, a convex combination of its pixels and
     * background from beyond the border: with the mask on the moved frame, an empty frame
     * stays exactly empty, and a bright frame keeps its total brightness away from the border.
     */
    @Test
    void theTransformDecoderMovesTheFrameItRead() {
        VideoPredictor model = model(VideoPredictor.Decoder.TRANSFORM, false);
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor bias = model.generation().stateDict().get("head_out.bias");
            bias.narrow(0, 18, 16).fill_(new Scalar(30.0));          // mask = 1: the moved frame only
            Tensor blank = Ops.add(org.bytedeco.pytorch.global.torch.zeros(new long[] {2, 7, 32, 32}), -1.0);
            Tensor predicted = model.frameOf(model.wakePass(blank).oscillation().get(0));
            assertEquals(-1.0, range(predicted)[1], 1e-5, "an empty context gave bright pixels");
            Tensor square = blank.clone();
            square.narrow(2, 12, 8).narrow(3, 12, 8).fill_(new Scalar(1.0));  // an 8×8 square, far from the border
            Tensor first = model.frameOf(model.wakePass(square).oscillation().get(0)).reshape(2, 4, 32, 32).select(1, 0);
            double brightness = Ops.toFloats(Ops.add(first, 1.0).sum())[0] / 2;   // per sequence, in units of (x + 1)
            assertEquals(8 * 8 * 2.0, brightness, 4, "the moved frame lost or gained brightness"); // kernels differ per patch: not exactly conserved
        }
    }

    /**
     * The x critic is conditioned on the past: every row of layer x pairs a frame with the
     * frame before it. In the wake rows that is the true previous frame; in the prediction
     * rows it is the frame the encoder read, the last context frame for the first prediction.
     * Unconditioned, a row is the frame alone.
     */
    @Test
    void layerXHoldsTheFrameBeforeWhenConditioned() {
        int context = 3, predict = 4;
        VideoPredictor model = model(VideoPredictor.Decoder.TRANSFORM, true);
        Tensor x = frames(2, context + predict);
        try (NoGradGuard g = new NoGradGuard()) {
            HierarchicalModel.WakePass pass = model.wakePass(x);
            Tensor wake = pass.wake().get(0).reshape(2, predict, 2, 32, 32), osc = pass.oscillation().get(0).reshape(2, predict, 2, 32, 32);
            assertEquals(0.0, Ops.toFloats(wake.select(2, 0).sub(x.narrow(1, context - 1, predict)).abs().max())[0], 0.0);
            assertEquals(0.0, Ops.toFloats(wake.select(2, 1).sub(x.narrow(1, context, predict)).abs().max())[0], 0.0);
            assertEquals(0.0, Ops.toFloats(osc.select(2, 0).select(1, 0).sub(x.select(1, context - 1)).abs().max())[0], 0.0);
            // later rows: the frame read is the prediction before
            assertEquals(0.0, Ops.toFloats(osc.select(2, 0).narrow(1, 1, predict - 1).sub(osc.select(2, 1).narrow(1, 0, predict - 1))
                    .abs().max())[0], 0.0);
            assertEquals(2, model.sleep(2).get(0).size(1));
        }
        assertEquals(1, model(VideoPredictor.Decoder.TRANSFORM, false).wake(x).get(0).size(1));
    }

    /** A row's score and features depend on that row alone (no batch statistics), so the penalty bounds the scoring function. */
    @Test
    void theFrameCriticScoresEachRowAlone() {
        Native.init();
        Rng.seed(9);
        FrameCritic critic = new FrameCritic(2, 32, 8, 16, CPU);
        assertTrue(!critic.batchStatistics());
        Tensor batch = frames(6, 2);
        try (NoGradGuard g = new NoGradGuard()) {
            Critic.Scored all = critic.forward(batch);
            Critic.Scored one = critic.forward(batch.narrow(0, 2, 1));
            Critic.Scored other = critic.forward(Ops.cat(List.of(batch.narrow(0, 2, 1), frames(3, 2)), 0));
            assertEquals(Ops.toFloats(all.score())[2], Ops.toFloats(one.score())[0], 1e-5);
            assertEquals(Ops.toFloats(all.score())[2], Ops.toFloats(other.score())[0], 1e-5);
            assertEquals(16L * 4 * 4, one.features().size(1), "φ is the last hidden map alone");
        }
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
