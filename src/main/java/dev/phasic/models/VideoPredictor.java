package dev.phasic.models;

import dev.phasic.nn.Container;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.ConvLstmCell;
import dev.phasic.nn.Gaussian;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Architecture C (docs/DESIGN.md §3C): stochastic ConvLSTM future prediction. Frames are cut
 * into {@link #PATCH}×{@link #PATCH} patches (space-to-depth, as PredRNN does for
 * Moving MNIST), so both ConvLSTMs run at a sixteenth of the pixels. The encoder q
 * reads a frame into its sampled state {@code z}; the decoder p reads {@code z} into
 * its own sampled state, which a 2-layer CNN (16 hidden channels, ReLU) maps to the
 * mean and std of the next frame's pixels (sampled, then squashed with headroom, see {@link #emit}).
 * <p>
 * Wake: the encoder reads the context frames; from then on every step predicts the
 * next frame and the encoder reads that prediction (closed loop, as at test time), for
 * {@code predict} frames; in training, a scheduled share of sequences read the true
 * frame instead ({@link #truthShare}). Layer {@code x} pairs the true future frames (wake) with the
 * predictions (oscillation); layer {@code z} holds the encoder state each prediction
 * was made from, paired with N(0, I) draws. Sleep: {@code z ~ N(0, I)}, then
 * {@code z → x → z …} through decoder and encoder for {@code predict} frames.
 * Layers are laid out (B·P, …), sequence-major.
 */
public final class VideoPredictor extends Module implements HierarchicalModel {
    public static final int PATCH = 4;
    private static final int KERNEL = 3;
    private static final int HEAD_HIDDEN = 16;

    /** Frame side, encoder/decoder channels, context and predicted frames, initial noise, the pixels' bound (see {@link #emit}). */
    public record Shape(int frameSize, int channels, int context, int predict, double stdBias, double headroom) {
        public int stateSize() {
            return frameSize / PATCH;
        }
    }

    private final Shape shape;
    private final Container inference;
    private final Container generation;
    private final ConvLstmCell encoder;
    private final ConvLstmCell decoder;
    private final Conv2d headHidden;
    private final Conv2d headOut;
    private final Device device;
    private double truthShare;

    public VideoPredictor(Shape shape, Device device) {
        if (shape.frameSize() % PATCH != 0) throw new dev.phasic.UserError("frame size must be a multiple of " + PATCH + ", found " + shape.frameSize());
        this.shape = shape;
        this.device = device;
        int patchChannels = PATCH * PATCH;
        inference = registerModule("inference", new Container());
        generation = registerModule("generation", new Container());
        encoder = inference.add("encoder", new ConvLstmCell(patchChannels, shape.channels(), KERNEL, true, shape.stdBias()));
        decoder = generation.add("decoder", new ConvLstmCell(shape.channels(), shape.channels(), KERNEL, true, shape.stdBias()));
        headHidden = generation.add("head_hidden", new Conv2d(shape.channels(), HEAD_HIDDEN, 3, 1, 1));
        headOut = generation.add("head_out", new Conv2d(HEAD_HIDDEN, 2L * patchChannels, 3, 1, 1));
        try (NoGradGuard g = new NoGradGuard()) {
            headOut.stateDict().get("bias").narrow(0, patchChannels, patchChannels).fill_(new Scalar(shape.stdBias()));
        }
        to(device);
    }

    @Override
    public void truthShare(double share) {
        this.truthShare = share;
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public List<String> layerNames() {
        return List.of("x", "z");
    }

    /** x: (B, T, S, S) with T ≥ context + predict. */
    @Override
    public WakePass wakePass(Tensor x) {
        int c = shape.context(), p = shape.predict();
        Loop loop = closedLoop(x, c, p, truthShare);
        Tensor truth = x.narrow(1, c, p).reshape(-1, 1, shape.frameSize(), shape.frameSize()); // (B·P, 1, S, S)
        Tensor z = sequenceMajor(loop.states());
        return new WakePass(List.of(truth, z), List.of(sequenceMajor(loop.predictions()), prior(z.size(0))));
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        return wakePass(x).wake();
    }

    /** Predictions need their own pass: use {@link #wakePass}. */
    @Override
    public List<Tensor> oscillation(List<Tensor> wake) {
        throw new UnsupportedOperationException("video predictions come from the wake pass; call wakePass");
    }

    /** The bounce {@code z → x → z …} from N(0, I): ({@code batch}·P frames, batch·P states). */
    @Override
    public List<Tensor> sleep(long batch) {
        Tensor z = priorMaps(batch);
        ConvLstmCell.State enc = new ConvLstmCell.State(z, torch.zeros_like(z));
        ConvLstmCell.State dec = decoder.zeros(z, shape.stateSize(), shape.stateSize());
        List<Tensor> frames = new ArrayList<>(), states = new ArrayList<>();
        for (int k = 0; k < shape.predict(); k++) {
            dec = decoder.forward(enc.h(), dec);
            Tensor frame = emit(dec.h());
            frames.add(frame);
            states.add(enc.h());
            if (k + 1 < shape.predict()) enc = encoder.forward(patches(frame), enc);
        }
        return List.of(sequenceMajor(frames), sequenceMajor(states));
    }

    /**
     * Closed-loop prediction: reads {@code context} (B, C, S, S) and samples the next
     * {@code frames} frames, each read back as input: (B, frames, S, S).
     */
    public Tensor rollout(Tensor context, int frames) {
        return torch.cat(new TensorVector(closedLoop(context, (int) context.size(1), frames, 0).predictions().toArray(new Tensor[0])), 1);
    }

    /** Each predicted frame (B, 1, S, S) and the encoder state z it was decoded from (B, K, S/4, S/4). */
    private record Loop(List<Tensor> predictions, List<Tensor> states) {}

    /**
     * The encoder reads {@code context} frames of {@code x}, then every step predicts the
     * next frame and reads back, per sequence, the true frame with probability
     * {@code truthShare} (scheduled sampling; {@code x} must then hold them) and its own
     * prediction otherwise.
     */
    private Loop closedLoop(Tensor x, int context, int frames, double truthShare) {
        List<Tensor> predictions = new ArrayList<>(), states = new ArrayList<>();
        ConvLstmCell.State enc = encoder.zeros(x, shape.stateSize(), shape.stateSize());
        ConvLstmCell.State dec = enc;
        Tensor frame = x.narrow(1, 0, 1);                                        // (B, 1, S, S)
        for (int t = 0; t < context + frames - 1; t++) {
            enc = encoder.forward(patches(frame), enc);                          // z_t
            dec = decoder.forward(enc.h(), dec);
            if (t + 1 < context) {
                frame = x.narrow(1, t + 1, 1);
                continue;
            }
            Tensor predicted = emit(dec.h());                                    // x̂_{t+1}
            predictions.add(predicted);
            states.add(enc.h());
            frame = truthShare > 0 ? mix(x.narrow(1, t + 1, 1), predicted, truthShare) : predicted;
        }
        return new Loop(predictions, states);
    }

    /** Per sequence, {@code truth} with probability {@code share}, else {@code predicted}. */
    private Tensor mix(Tensor truth, Tensor predicted, double share) {
        Tensor useTruth = Ops.rand(device, truth.size(0), 1, 1, 1).lt(new Scalar(share)).to(truth.scalar_type());
        return predicted.add(truth.sub(predicted).mul(useTruth));
    }

    /** One frame from a state with a fresh decoder: {@code p(x | z)} for the evaluation tools. */
    @Override
    public Tensor predict(int layer, Tensor above) {
        if (layer != 0) throw new IllegalArgumentException("the video model has one layer below z");
        return emit(decoder.forward(above, decoder.zeros(above, shape.stateSize(), shape.stateSize())).h());
    }

    /** The one-step predictions of a wake pass, (B·P, 1, S, S). */
    @Override
    public Tensor reconstruct(Tensor x) {
        return wakePass(x).oscillation().get(0);
    }

    @Override
    public Tensor prior(long rows) {
        return priorMaps(rows);
    }

    private Tensor priorMaps(long rows) {
        return Ops.randn(device, rows, shape.channels(), shape.stateSize(), shape.stateSize());
    }

    /** (B, 1, S, S) → (B, 16, S/4, S/4). */
    private static Tensor patches(Tensor frame) {
        return torch.pixel_unshuffle(frame, PATCH);
    }

    /**
     * Decoder state → a sampled frame, (B, 1, S, S), squashed by
     * {@code h·tanh(v / h)} (h = {@code --pixel-headroom}, default 1.5) into (−h, h) rather than into the data's
     * [−1, 1]. Through a plain tanh the nine in ten Moving MNIST pixels that are exactly
     * −1 push their pre-activations toward −∞ for ever, and the saturated tanh then
     * passes almost no gradient to the digit pixels: under a plain pixel MSE the model
     * stayed at the empty frame for 400 steps. With headroom −1 is reached at a finite
     * pre-activation (−1.2, slope 0.56); unbounded pixels learned as fast but let the
     * sleep bounce run away (docs/METHODS.md). Measures and images clamp to [−1, 1].
     */
    private Tensor emit(Tensor state) {
        int pc = PATCH * PATCH;
        Tensor params = headOut.forward(torch.relu(headHidden.forward(state)));  // (B, 2·16, S/4, S/4)
        Tensor mean = torch.pixel_shuffle(params.narrow(1, 0, pc), PATCH);        // (B, 1, S, S)
        Tensor std = torch.softplus(torch.pixel_shuffle(params.narrow(1, pc, pc), PATCH));
        return Ops.mul(torch.tanh(Ops.mul(new Gaussian(mean, std).sample(), 1 / shape.headroom())), shape.headroom());
    }

    /** P tensors of (B, …) → (B·P, …) with each sequence's steps adjacent. */
    private static Tensor sequenceMajor(List<Tensor> steps) {
        Tensor s = torch.stack(new TensorVector(steps.toArray(new Tensor[0])), 1); // (B, P, …)
        long[] shape = Ops.shape(s);
        long[] out = new long[shape.length - 1];
        out[0] = shape[0] * shape[1];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return s.reshape(out);
    }

    @Override
    public Module inference() {
        return inference;
    }

    @Override
    public Module generation() {
        return generation;
    }
}
