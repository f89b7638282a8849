package dev.phasic.models;

import dev.phasic.UserError;
import dev.phasic.nn.Container;
import dev.phasic.nn.Conv2d;
import dev.phasic.nn.ConvLstmCell;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Architecture C (docs/DESIGN.md §3C): stochastic ConvLSTM future prediction. Frames are cut
 * into {@link #PATCH}×{@link #PATCH} patches (space-to-depth, as PredRNN does for
 * Moving MNIST), so both ConvLSTMs run at a sixteenth of the pixels. The encoder q
 * reads a frame and its change since the frame before ({@link #input}) into its sampled
 * state {@code z}; the decoder p reads {@code z} into its own sampled state, from which a
 * CNN head (two 3×3 layers of {@value #HEAD_HIDDEN} channels and a 1×1 output), reading
 * the same frame and change beside it, emits the next frame's pixels. The
 * noise of the futures is the states' own; pixels are emitted, not sampled, and always
 * lie in the data's [−1, 1].
 * <p>
 * Two ways to emit a frame ({@link Decoder}). {@code TRANSFORM} (the default) moves the
 * frame the encoder just read: per patch, a 9-tap horizontal and a 9-tap vertical
 * normalised kernel (a translation by up to ±4 pixels, softmax weights: a convex
 * combination, so the background stays exactly −1), composited by a per-pixel mask with
 * newly drawn pixels (tanh), after the DNA/CDNA decoders of Finn et al. 2016 used by
 * Lee et al. 2018. {@code DRAW} draws every pixel anew, {@code clamp(h·tanh(v/h), −1, 1)}.
 * <p>
 * Wake: the encoder reads the context frames; from then on every step predicts the
 * next frame and the encoder reads that prediction (closed loop, as at test time), for
 * {@code predict} frames; in training, a scheduled share of sequences read the true
 * frame instead ({@link #truthShare}). Layer {@code x} pairs the true future frames (wake) with the
 * predictions (oscillation); with {@code conditioned}, each row is the pair (frame read
 * before, frame after) in two channels, so the frame critic scores the joint of a frame
 * and its successor. Layer {@code z} holds the encoder state each prediction was made
 * from, paired with prior draws. Sleep: {@code z} from the prior ({@link #prior}), then
 * {@code z → x → z …} through decoder and encoder.
 * Layers are laid out (B·P, …), sequence-major.
 */
public final class VideoPredictor extends Module implements HierarchicalModel {
    public static final int PATCH = 4;
    /** The largest shift, in pixels, of the transform decoder's kernels. */
    public static final int SHIFT = 4;
    private static final int TAPS = 2 * SHIFT + 1;
    private static final int KERNEL = 3;
    private static final int HEAD_HIDDEN = 32;
    /**
     * The mask's initial logit: σ(6) ≈ 0.998 on the moved frame, and a gradient of σ'(6) ≈ 0.0025
     * on the mask, so the drawn pixels cannot take over (an empty frame is the quickest way
     * down the error) before the kernels have learnt to move the digits.
     */
    private static final double MASK_BIAS = 6;

    /** How the decoder emits a frame. */
    public enum Decoder { TRANSFORM, DRAW }

    /**
     * Frame side, encoder/decoder channels, context and predicted frames, initial noise, the
     * draw decoder's bound, the decoder kind, and whether layer x holds (previous, next) pairs.
     */
    public record Shape(int frameSize, int channels, int context, int predict, double stdBias, double headroom,
                        Decoder decoder, boolean conditioned) {
        public int stateSize() {
            return frameSize / PATCH;
        }

        /** Channels of one row of layer x: the frame, after the frame it follows when conditioned. */
        public int frameChannels() {
            return conditioned ? 2 : 1;
        }
    }

    private final Shape shape;
    private final Container inference;
    private final Container generation;
    private final ConvLstmCell encoder;
    private final ConvLstmCell decoder;
    private final Conv2d headHidden;
    private final Conv2d headHidden2;
    private final Conv2d headOut;
    private final Device device;
    private double truthShare;

    public VideoPredictor(Shape shape, Device device) {
        if (shape.frameSize() % PATCH != 0) throw new UserError("frame size must be a multiple of " + PATCH + ", found " + shape.frameSize());
        this.shape = shape;
        this.device = device;
        int patchChannels = PATCH * PATCH;
        inference = registerModule("inference", new Container());
        generation = registerModule("generation", new Container());
        encoder = inference.add("encoder", new ConvLstmCell(2L * patchChannels, shape.channels(), KERNEL, true, shape.stdBias()));
        decoder = generation.add("decoder", new ConvLstmCell(shape.channels(), shape.channels(), KERNEL, true, shape.stdBias()));
        headHidden = generation.add("head_hidden", new Conv2d(shape.channels() + 2L * patchChannels, HEAD_HIDDEN, 3, 1, 1));
        boolean transform = shape.decoder() == Decoder.TRANSFORM;
        headHidden2 = generation.add("head_hidden2", new Conv2d(HEAD_HIDDEN, HEAD_HIDDEN, 3, 1, 1));
        headOut = generation.add("head_out", new Conv2d(HEAD_HIDDEN, transform ? 2L * TAPS + 2L * patchChannels : patchChannels, 1, 1, 0));
        if (transform) {
            try (NoGradGuard g = new NoGradGuard()) {
                Tensor bias = headOut.stateDict().get("bias");
                bias.narrow(0, SHIFT, 1).fill_(new Scalar(2.0));                              // kernels start near the identity
                bias.narrow(0, TAPS + SHIFT, 1).fill_(new Scalar(2.0));
                bias.narrow(0, 2L * TAPS, patchChannels).fill_(new Scalar(MASK_BIAS));        // the mask starts on the moved frame
                bias.narrow(0, 2L * TAPS + patchChannels, patchChannels).fill_(new Scalar(-2.0)); // drawn pixels start near background
            }
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
        Tensor truth = frames(x.narrow(1, c, p));
        Tensor predicted = sequenceMajor(loop.predictions());
        Tensor z = sequenceMajor(loop.states());
        if (!shape.conditioned()) return new WakePass(List.of(truth, z), List.of(predicted, prior(z.size(0))));
        Tensor truthBefore = frames(x.narrow(1, c - 1, p));
        return new WakePass(List.of(pairs(truthBefore, truth), z),
                List.of(pairs(sequenceMajor(loop.read()), predicted), prior(z.size(0))));
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

    /**
     * The bounce {@code z → x → z …} from the prior: ({@code batch}·P rows of layer x, batch·P
     * states). Conditioned, it runs one frame more, so every row pairs two frames of the bounce.
     */
    @Override
    public List<Tensor> sleep(long batch) {
        ConvLstmCell.State enc = priorState(batch);
        ConvLstmCell.State dec = decoder.zeros(enc.h(), shape.stateSize(), shape.stateSize());
        int extra = shape.conditioned() ? 1 : 0;
        Tensor frame = blank(batch), read = input(frame, frame);
        List<Tensor> before = new ArrayList<>(), after = new ArrayList<>(), states = new ArrayList<>();
        for (int k = 0; k < shape.predict() + extra; k++) {
            dec = decoder.forward(enc.h(), dec);
            Tensor next = emit(dec.h(), frame, read);
            if (k >= extra) {
                before.add(frame);
                after.add(next);
                states.add(enc.h());
            }
            read = input(next, k == 0 ? next : frame);
            if (k + 1 < shape.predict() + extra) enc = encoder.forward(read, enc);
            frame = next;
        }
        Tensor x = sequenceMajor(after);
        return List.of(shape.conditioned() ? pairs(sequenceMajor(before), x) : x, sequenceMajor(states));
    }

    /** The predicted frame of each row of layer x, (N, 1, S, S): the last channel. */
    public Tensor frameOf(Tensor layerX) {
        return layerX.narrow(1, layerX.size(1) - 1, 1);
    }

    /**
     * Closed-loop prediction: reads {@code context} (B, C, S, S) and predicts the next
     * {@code frames} frames, each read back as input: (B, frames, S, S).
     */
    public Tensor rollout(Tensor context, int frames) {
        return torch.cat(new TensorVector(closedLoop(context, (int) context.size(1), frames, 0).predictions().toArray(new Tensor[0])), 1);
    }

    /** Each predicted frame (B, 1, S, S), the frame the encoder read just before, and the encoder state z it was decoded from. */
    private record Loop(List<Tensor> predictions, List<Tensor> read, List<Tensor> states) {}

    /**
     * The encoder reads {@code context} frames of {@code x}, then every step predicts the
     * next frame and reads back, per sequence, the true frame with probability
     * {@code truthShare} (scheduled sampling; {@code x} must then hold them) and its own
     * prediction otherwise.
     */
    private Loop closedLoop(Tensor x, int context, int frames, double truthShare) {
        List<Tensor> predictions = new ArrayList<>(), read = new ArrayList<>(), states = new ArrayList<>();
        ConvLstmCell.State enc = encoder.zeros(x, shape.stateSize(), shape.stateSize());
        ConvLstmCell.State dec = enc;
        Tensor frame = x.narrow(1, 0, 1), before = frame;                        // (B, 1, S, S)
        for (int t = 0; t < context + frames - 1; t++) {
            Tensor input = input(frame, before);
            enc = encoder.forward(input, enc);                                   // z_t
            before = frame;
            dec = decoder.forward(enc.h(), dec);
            if (t + 1 < context) {
                frame = x.narrow(1, t + 1, 1);
                continue;
            }
            Tensor predicted = emit(dec.h(), frame, input);                      // x̂_{t+1}
            predictions.add(predicted);
            read.add(frame);
            states.add(enc.h());
            frame = truthShare > 0 ? mix(x.narrow(1, t + 1, 1), predicted, truthShare) : predicted;
        }
        return new Loop(predictions, read, states);
    }

    /** Per sequence, {@code truth} with probability {@code share}, else {@code predicted}. */
    private Tensor mix(Tensor truth, Tensor predicted, double share) {
        Tensor useTruth = Ops.rand(device, truth.size(0), 1, 1, 1).lt(new Scalar(share)).to(truth.scalar_type());
        return predicted.add(truth.sub(predicted).mul(useTruth));
    }

    /** One frame from a state with a fresh decoder, after an empty frame: {@code p(x | z)} for the evaluation tools. */
    @Override
    public Tensor predict(int layer, Tensor above) {
        if (layer != 0) throw new IllegalArgumentException("the video model has one layer below z");
        Tensor empty = blank(above.size(0));
        Tensor frame = emit(decoder.forward(above, decoder.zeros(above, shape.stateSize(), shape.stateSize())).h(), empty,
                input(empty, empty));
        return shape.conditioned() ? pairs(blank(above.size(0)), frame) : frame;
    }

    /** The one-step predictions of a wake pass, (B·P, 1, S, S). */
    @Override
    public Tensor reconstruct(Tensor x) {
        return frameOf(wakePass(x).oscillation().get(0));
    }

    /** Draws of the state prior, in the range of the encoder's state mean σ(o)·tanh(c). */
    @Override
    public Tensor prior(long rows) {
        return priorState(rows).h();
    }

    /**
     * A prior state of the form the encoder's own takes: cell {@code c ~ N(0, I)} and hidden
     * {@code σ(a)·tanh(c)} with {@code a ~ N(0, I)}, so each unit lies in (−1, 1) as wake states do.
     */
    private ConvLstmCell.State priorState(long rows) {
        long s = shape.stateSize();
        Tensor a = Ops.randn(device, rows, shape.channels(), s, s), c = Ops.randn(device, rows, shape.channels(), s, s);
        return new ConvLstmCell.State(torch.sigmoid(a).mul(torch.tanh(c)), c);
    }

    /** An empty frame (background −1), (rows, 1, S, S). */
    private Tensor blank(long rows) {
        return torch.full(new long[] {rows, 1, shape.frameSize(), shape.frameSize()}, new Scalar(-1.0),
                new org.bytedeco.pytorch.TensorOptions().device(new org.bytedeco.pytorch.DeviceOptional(device)));
    }

    /** (B, 1, S, S) → (B, 16, S/4, S/4). */
    private static Tensor patches(Tensor frame) {
        return torch.pixel_unshuffle(frame, PATCH);
    }

    /**
     * What the encoder reads at each step: the frame and its change since the frame before,
     * as patches (B, 32, S/4, S/4). The change is the motion cue a ConvLSTM would otherwise
     * have to learn to compute against its own memory.
     */
    private static Tensor input(Tensor frame, Tensor before) {
        return patches(Ops.cat(List.of(frame, frame.sub(before)), 1));
    }

    /**
     * Decoder state, the frame read before and what the encoder read with it (the frame and
     * its change, {@link #input}) → the next frame, (B, 1, S, S) in [−1, 1]. The head sees the
     * change itself, so "move as the last step moved" is a local rule it can learn before the
     * states have learnt to carry motion.
     */
    private Tensor emit(Tensor state, Tensor previous, Tensor read) {
        int pc = PATCH * PATCH;
        Tensor hidden = torch.relu(headHidden2.forward(torch.relu(headHidden.forward(Ops.cat(List.of(state, read), 1)))));
        Tensor params = headOut.forward(hidden);                                   // (B, n, S/4, S/4)
        if (shape.decoder() == Decoder.DRAW) {
            Tensor v = torch.pixel_shuffle(params, PATCH);                       // (B, 1, S, S)
            return Ops.mul(torch.tanh(Ops.mul(v, 1 / shape.headroom())), shape.headroom())
                    .clamp(new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));
        }
        Tensor kx = perPixel(torch.softmax(params.narrow(1, 0, TAPS), 1));          // (B, 9, S, S)
        Tensor ky = perPixel(torch.softmax(params.narrow(1, TAPS, TAPS), 1));
        Tensor mask = torch.sigmoid(torch.pixel_shuffle(params.narrow(1, 2L * TAPS, pc), PATCH));         // (B, 1, S, S)
        Tensor drawn = torch.tanh(torch.pixel_shuffle(params.narrow(1, 2L * TAPS + pc, pc), PATCH));
        Tensor moved = shift(shift(previous, kx, 3), ky, 2);
        return drawn.add(mask.mul(moved.sub(drawn)))                               // m·moved + (1 − m)·drawn,
                .clamp(new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));  // rounding kept in range
    }

    /**
     * A per-pixel convex combination of {@code frame}'s neighbours along {@code dim} (3: width,
     * 2: height), offsets −SHIFT … SHIFT weighted by {@code kernel} (B, TAPS, S, S); pixels
     * from beyond the frame are background.
     */
    private static Tensor shift(Tensor frame, Tensor kernel, int dim) {
        long s = frame.size(dim);
        long[] pad = dim == 3 ? new long[] {SHIFT, SHIFT, 0, 0} : new long[] {0, 0, SHIFT, SHIFT};
        Tensor padded = torch.constant_pad_nd(frame, pad, new Scalar(-1.0));
        Tensor[] taps = new Tensor[TAPS];
        for (int d = 0; d < TAPS; d++) taps[d] = padded.narrow(dim, d, s);
        Tensor stacked = torch.cat(new TensorVector(taps), 1);                     // (B, TAPS, S, S)
        return stacked.mul(kernel).sum(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional());
    }

    /** Per-patch values (B, K, S/4, S/4) → the same for each of the patch's pixels, (B, K, S, S). */
    private static Tensor perPixel(Tensor t) {
        long b = t.size(0), k = t.size(1), s = t.size(2);
        return t.unsqueeze(3).unsqueeze(5).expand(new long[] {b, k, s, PATCH, s, PATCH}).reshape(b, k, s * PATCH, s * PATCH);
    }

    /** (B, T, S, S) → (B·T, 1, S, S), each sequence's steps adjacent. */
    private Tensor frames(Tensor x) {
        return x.reshape(-1, 1, shape.frameSize(), shape.frameSize());
    }

    /** Rows of (frame before, frame after) in two channels. */
    private static Tensor pairs(Tensor before, Tensor after) {
        return Ops.cat(List.of(before, after), 1);
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
