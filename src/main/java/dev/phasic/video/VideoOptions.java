package dev.phasic.video;

import dev.phasic.training.Choices;
import dev.phasic.training.Cli;
import dev.phasic.training.Default;
import dev.phasic.training.OptionGroups;
import static dev.phasic.training.OptionGroups.check;

import dev.phasic.Choice;

/** Architecture C's own options (the stochastic ConvLSTM video predictor, {@link MovingMnistRecipe}). */
public record VideoOptions(
        @Cli(name = "--context", help = "Frames that condition the video state (moving-mnist).")
        @Default("10") int context,
        @Cli(name = "--predict", help = "Frames the video model predicts (moving-mnist).")
        @Default("10") int predict,             // the frames it is scored on
        @Cli(name = "--truth-decay", help = "Moving-mnist: fraction of training over which the share of true frames read back in place of predictions falls from 1 to 0 (0: closed loop throughout).")
        @Default("0.0") double truthDecay,
        @Cli(name = "--pixel-headroom", help = "Moving-mnist: drawn pixels are h·tanh(v/h), h ≥ 1, with --decoder draw or --pixel-output exact (then clamped to [−1, 1]).")
        @Default("1.5") double pixelHeadroom,   // above 1 the background's −1 is reached at a finite pre-activation
        @Cli(name = "--decoder", help = "Moving-mnist: transform (move the frame read before with per-patch normalised kernels, composited with drawn pixels by a mask), context (the same, moving the last context frame with kernels that reach as far as a digit travels) or draw (every pixel anew).")
        @Default("DRAW") VideoPredictor.Decoder decoder,
        @Cli(name = "--frame-critic", help = "Moving-mnist: joint (the frame critic reads each frame with the frame before it) or frame (a frame alone).")
        @Default("FRAME") FrameCritic frameCritic,
        @Cli(name = "--depth", help = "Moving-mnist: ConvLSTM cells stacked in the encoder and in the decoder (each reads the sampled state of the one below).")
        @Default("1") int depth,
        @Cli(name = "--pixel-anchor", help = "Moving-mnist: weight λ of a pixel term λ·mean (x − x̂)² on the predicted frames beside the adversarial terms (0: the paper's objective alone).")
        @Default("0.0") double pixelAnchor,     // 0: off, the paper
        @Cli(name = "--test-data", help = "Moving-mnist: a .npy file of test sequences (frames, sequences, H, W), all of it the test set, e.g. the standard mnist_test_seq.npy; training sequences are generated from the --data digits.")
        @Default("") String testData,           // "": generated from the test digits
        @Cli(name = "--adversarial-weight", help = "Weight of the networks' adversarial terms (1: the paper's; 0 with --beta 0 trains on the pixel anchor alone, an ablation).")
        @Default("1.0") double adversarialWeight,
        @Cli(name = "--pixel-output", help = "Moving-mnist: tanh (drawn pixels tanh(v), or clamp(h·tanh(v/h)) for --decoder draw; the frame clamped to [−1, 1], no gradient where clamped) or exact (drawn pixels h·tanh(v/h) for every decoder, the frame clamped to [−1, 1] with the gradient passed straight through, so background is reached exactly and a clamped wrong pixel still learns).")
        @Default("TANH") PixelOutput pixelOutput,
        @Cli(name = "--transforms", help = "Moving-mnist, --decoder transform or context: moved copies of the frame per 4×4 patch, each by its own kernels; a softmax mask chooses per pixel among them and the drawn pixels (1: one copy and a sigmoid mask).")
        @Default("1") int transforms) {

    public VideoOptions {
        check(Double.isFinite(truthDecay), "every number must be finite, found " + truthDecay);
        check(truthDecay >= 0 && truthDecay <= 1, "--truth-decay must lie in [0, 1], found " + truthDecay);
        check(context >= 1 && predict >= 1, "--context and --predict must be ≥ 1, found " + context + " and " + predict);
        check(Double.isFinite(pixelHeadroom) && pixelHeadroom >= 1 && pixelHeadroom <= 10,
                "--pixel-headroom must lie in [1, 10], found " + pixelHeadroom);
        check(depth >= 1 && depth <= 8, "--depth must lie in 1..8, found " + depth);
        check(transforms >= 1 && transforms <= 8, "--transforms must lie in 1..8, found " + transforms);
        check(pixelOutput != PixelOutput.EXACT || pixelHeadroom > 1, "--pixel-output exact needs --pixel-headroom above 1 to reach ±1, found " + pixelHeadroom);
        check(transforms == 1 || decoder != VideoPredictor.Decoder.DRAW, "--transforms " + transforms + " moves the frame: use --decoder transform or context");
        check(Double.isFinite(pixelAnchor) && pixelAnchor >= 0, "--pixel-anchor must be ≥ 0, found " + pixelAnchor);
        check(Double.isFinite(adversarialWeight) && adversarialWeight >= 0, "--adversarial-weight must be ≥ 0, found " + adversarialWeight);
    }

    /**
     * How a predicted frame reaches the data's range: {@code TANH}, the drawn pixels squashed
     * by tanh (−1 only asymptotically, with a vanishing gradient there) and the frame clamped;
     * {@code EXACT}, the drawn pixels given headroom h·tanh(v/h) and the frame clamped in value
     * only, its gradient passed straight through (docs/METHODS.md, architecture C).
     */
    public enum PixelOutput implements Choice { TANH, EXACT }

    /** What the frame critic reads: (frame before, frame after) pairs, or a frame alone. */
    public enum FrameCritic implements Choice { JOINT, FRAME }
}
