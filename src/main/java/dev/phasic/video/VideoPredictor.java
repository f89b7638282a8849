package dev.phasic.video;

import dev.phasic.models.HierarchicalModel;
import dev.phasic.Choice;
import dev.phasic.UserError;
import dev.phasic.nn.Container;
import dev.phasic.nn.ConvLstmCell;
import dev.phasic.nn.ConvLstmStack;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import dev.phasic.torch.StepScope;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Architecture C (docs/DESIGN.md §3C): stochastic ConvLSTM future prediction. Frames are cut
 * into {@link #PATCH}×{@link #PATCH} patches (space-to-depth, as PredRNN does for
 * Moving MNIST), so both ConvLSTMs run at a sixteenth of the pixels. The encoder q
 * reads a frame and its change since the frame before ({@link #input}) into its sampled
 * state {@code z}; the decoder p reads {@code z} into its own sampled state, from which a
 * CNN head ({@link FrameHead}), reading the same frame and change beside it, emits the next
 * frame: by default by moving the frame read before ({@link Decoder#TRANSFORM}). The noise
 * of the futures is the states' own; pixels are emitted, not sampled, and always lie in the
 * data's [−1, 1].
 * <p>
 * Wake: the encoder reads the context frames; from then on every step predicts the
 * next frame and the encoder reads that prediction (closed loop, as at test time), for
 * {@code predict} frames; in training, a scheduled share of sequences read the true
 * frame instead ({@link #wakePass(Tensor, double)}). Layer {@code x} pairs the true future frames (wake) with the
 * predictions (oscillation); with {@code conditioned}, each row is the pair (frame read
 * before, frame after) in two channels, so the frame critic scores the joint of a frame
 * and its successor. Layer {@code z} holds the encoder state each prediction was made
 * from, paired with prior draws. Sleep: {@code z} from the prior ({@link #prior}), then
 * {@code z → x → z …} through decoder and encoder.
 * Layers are laid out (B·P, …), sequence-major.
 */
public final class VideoPredictor extends Module implements HierarchicalModel {
    public static final int PATCH = 4;
    private static final int KERNEL = 3;

    /**
     * How the decoder emits a frame ({@link FrameHead}): by moving the frame read before
     * ({@code TRANSFORM}), by moving the last context frame ({@code CONTEXT}: one sharp source
     * for every predicted frame, as SVG's skip connection from the last context frame, so
     * no blur compounds along the prediction), or by drawing every pixel anew ({@code DRAW}).
     */
    public enum Decoder implements Choice { TRANSFORM, CONTEXT, DRAW }

    /**
     * Frame side, encoder/decoder channels and stacked cells, context and predicted frames, initial noise, the
     * drawn pixels' bound, the decoder kind, whether layer x holds (previous, next) pairs, how a
     * frame reaches the data's range, and the moved copies per patch.
     */
    public record Shape(int frameSize, int channels, int depth, int context, int predict, double stdBias, double headroom,
                        Decoder decoder, boolean conditioned, VideoOptions.PixelOutput output, int transforms) {
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
    private final ConvLstmStack encoder;
    private final ConvLstmStack decoder;
    private final FrameHead head;
    private final Device device;

    public VideoPredictor(Shape shape, Device device) {
        if (shape.frameSize() % PATCH != 0) throw new UserError("frame size must be a multiple of " + PATCH + ", found " + shape.frameSize());
        this.shape = shape;
        this.device = device;
        int patchChannels = PATCH * PATCH;
        inference = registerModule("inference", new Container());
        generation = registerModule("generation", new Container());
        long c = shape.channels();
        encoder = new ConvLstmStack(inference, "encoder", shape.depth(), k -> new ConvLstmCell(k == 0 ? 2L * patchChannels : c, c, KERNEL, true, shape.stdBias()));
        decoder = new ConvLstmStack(generation, "decoder", shape.depth(), k -> new ConvLstmCell(c, c, KERNEL, true, shape.stdBias()));
        head = new FrameHead(generation, shape.channels() + 2L * patchChannels, shape.decoder(), shape.headroom(), shape.frameSize(), shape.output(),
                shape.transforms());
        to(device);
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public List<String> layerNames() {
        return List.of("x", "z");
    }

    /** x: (B, T, S, S) with T ≥ context + predict; the closed loop. */
    @Override
    public WakePass wakePass(Tensor x) {
        return wakePass(x, 0);
    }

    /** As {@link #wakePass(Tensor)} with the true frame read back on a share {@code truthShare} of sequences and steps. */
    @Override
    public WakePass wakePass(Tensor x, double truthShare) {
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

    /**
     * The bounce {@code z → x → z …} from the prior: ({@code batch}·P rows of layer x, batch·P
     * states). Conditioned, it runs one frame more, so every row pairs two frames of the bounce.
     */
    @Override
    public List<Tensor> sleep(long batch) {
        ConvLstmStack.State enc = encoder.of(cell -> priorState(batch));
        ConvLstmStack.State dec = decoder.zeros(enc.h(), shape.stateSize(), shape.stateSize());
        int extra = shape.conditioned() ? 1 : 0;
        Tensor frame = blank(batch), read = input(frame, frame), source = frame;
        List<Tensor> before = new ArrayList<>(), after = new ArrayList<>(), states = new ArrayList<>();
        for (int k = 0; k < shape.predict() + extra; k++) {
            try (StepScope step = StepScope.open()) {
                dec = kept(step, decoder.forward(enc.h(), dec));
                Tensor next = step.keep(head.emit(dec.h(), frame, read, source(source, frame)));
                if (k == 0) source = next;                                       // the bounce's first frame stands for the last context frame
                if (k >= extra) {
                    before.add(frame);
                    after.add(next);
                    states.add(enc.h());
                }
                if (k + 1 < shape.predict() + extra) {
                    read = step.keep(input(next, k == 0 ? next : frame));
                    enc = kept(step, encoder.forward(read, enc));
                }
                frame = next;
            }
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

    /** As {@link #rollout(Tensor, int)}, telling {@code watcher} how each predicted frame was composed, in order. */
    Tensor rollout(Tensor context, int frames, java.util.function.Consumer<FrameHead.Decoded> watcher) {
        head.watch(watcher);
        try {
            return rollout(context, frames);
        } finally {
            head.watch(null);
        }
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
        ConvLstmStack.State enc = encoder.zeros(x, shape.stateSize(), shape.stateSize());
        ConvLstmStack.State dec = decoder.zeros(x, shape.stateSize(), shape.stateSize());
        Tensor frame = x.narrow(1, 0, 1), before = frame;                        // (B, 1, S, S)
        Tensor last = x.narrow(1, context - 1, 1);                                // the last context frame
        for (int t = 0; t < context + frames - 1; t++) {
            try (StepScope step = StepScope.open()) {
                Tensor input = input(frame, before);
                enc = kept(step, encoder.forward(input, enc));                   // z_t
                before = frame;
                dec = kept(step, decoder.forward(enc.h(), dec));
                if (t + 1 < context) {
                    frame = step.keep(x.narrow(1, t + 1, 1));
                    continue;
                }
                Tensor predicted = step.keep(head.emit(dec.h(), frame, input, source(last, frame))); // x̂_{t+1}
                predictions.add(predicted);
                read.add(frame);
                states.add(enc.h());
                frame = step.keep(truthShare > 0 ? mix(x.narrow(1, t + 1, 1), predicted, truthShare) : predicted);
            }
        }
        return new Loop(predictions, read, states);
    }

    /** The frame the decoder moves: {@code last} (the last context frame) for the context decoder, else the frame read. */
    private Tensor source(Tensor last, Tensor read) {
        return shape.decoder() == Decoder.CONTEXT ? last : read;
    }

    /** {@code state}'s tensors kept past {@code step} (the state a loop carries to its next step). */
    private static ConvLstmStack.State kept(StepScope step, ConvLstmStack.State state) {
        for (ConvLstmCell.State cell : state.cells()) {
            step.keep(cell.h());
            step.keep(cell.c());
        }
        return state;
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
        Tensor frame = head.emit(decoder.forward(above, decoder.zeros(above, shape.stateSize(), shape.stateSize())).h(), empty,
                input(empty, empty));
        return shape.conditioned() ? pairs(empty, frame) : frame;
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
                new TensorOptions().device(new DeviceOptional(device)));
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
