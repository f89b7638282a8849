package dev.phasic.video;

import dev.phasic.training.Choices;
import dev.phasic.training.Recipe;
import dev.phasic.training.Schedule;
import dev.phasic.training.TrainConfig;
import dev.phasic.UserError;
import dev.phasic.data.BatchSource;
import dev.phasic.data.DataFormat;
import dev.phasic.data.ImageDataset;
import dev.phasic.data.Mnist;
import dev.phasic.data.Npy;
import dev.phasic.models.ConvCritic;
import dev.phasic.models.Critic;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.objectives.Objectives;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;

/**
 * Architecture C (docs/DESIGN.md §3C): stochastic ConvLSTM future prediction on Moving MNIST,
 * trained with Eq. 8 on two layers: a frame critic on {@code x} (true future frames
 * against closed-loop predictions, and against the sleep bounce with weight γ) and a
 * state critic on {@code z}. Training sequences are generated afresh every step from
 * the embedded or {@code --data} digits; a {@code .npy} file in the standard layout
 * (frames, sequences, H, W) is used as is, its last tenth held out (not the standard
 * protocol); {@code --test-data FILE.npy} takes the whole file as the test set and generates
 * training sequences from the digits, as the standard protocol does. The generated test
 * set is fixed ({@link #TEST_SEED}, {@link #TEST_SEQUENCES} sequences of the test digits) so runs compare.
 * It does not read {@code --credit}: the encoder's state is the top layer, whose critic holds the
 * wake states fixed (its memory), so under local credit the encoder would learn from nothing;
 * and the frames it reads back are its own predictions, a path that crosses the layers by
 * construction (docs/METHODS.md, "Local credit").
 */
public final class MovingMnistRecipe implements Recipe {
    public static final long TEST_SEED = 2015;
    public static final int TEST_SEQUENCES = 1000;
    /** The nominal epoch of generated data, the size of the standard test file. */
    public static final int EPOCH_SEQUENCES = 10000;

    @Override
    public String name() {
        return "moving-mnist";
    }

    /** {@code phasic predict RUN}: GIFs and strips of sampled futures. */
    @Override
    public List<Object> commands() {
        return List.of(new PredictCommand());
    }

    @Override
    public Class<VideoOptions> options() {
        return VideoOptions.class;
    }

    /** No MLP: {@code --hidden} sizes nothing here; no local credit (the class comment says why). */
    @Override
    public boolean reads(String option, ObjectiveKind objective) {
        return !option.equals("hidden") && !option.equals("credit");
    }

    /**
     * Batches of 32 sequences of 64×64 frames at half the paper's width (about 1.5 s/step
     * on 2 cores) for 2200 steps at a learning rate of 1e-3, reading back true frames on a
     * share of steps that falls to 0 at half of training, with the transform decoder, the
     * joint frame critic, a squared-error pixel anchor of weight 100 beside the adversarial
     * terms at weight 0.1, and the feature term at β = 0.01 (docs/METHODS.md, architecture C).
     */
    @Override
    public Map<String, Object> defaults() {
        return Map.ofEntries(Map.entry("batchSize", 32), Map.entry("lrInference", 1e-3), Map.entry("lrGeneration", 1e-3),
                Map.entry("lrCritic", 1e-3), Map.entry("width", 0.5), Map.entry("imageSize", 64), Map.entry("truthDecay", 0.5),
                Map.entry("beta", 0.01), Map.entry("decoder", VideoPredictor.Decoder.TRANSFORM),
                Map.entry("frameCritic", VideoOptions.FrameCritic.JOINT),
                Map.entry("pixelAnchor", 100.0), Map.entry("adversarialWeight", 0.1), Map.entry("steps", 2200L));
    }

    @Override
    public String heading() {
        return "Architecture C (moving-mnist)";
    }

    @Override
    public boolean predictsVideo() {
        return true;
    }

    /**
     * Eq. 7/8 with the networks' adversarial weight ({@code --adversarial-weight}) and the pixel
     * anchor ({@code --pixel-anchor}); the top layer is the encoder's memory, its wake state
     * held fixed, so the top layer's terms do not reach q through it.
     */
    @Override
    public Objectives.Local localSettings(TrainConfig config) {
        return Recipe.sharedTerms(config, false).withPixelAnchor(config.architecture(VideoOptions.class).adversarialWeight(), config.architecture(VideoOptions.class).pixelAnchor());
    }

    /** Falls linearly from 1 to 0 over the first {@code --truth-decay} of the plan ({@link Schedule#truthShare}). */
    @Override
    public double truthShare(TrainConfig config, long step, long scheduleSteps) {
        return Schedule.truthShare(step, scheduleSteps, config.architecture(VideoOptions.class).truthDecay());
    }

    /** With {@code --truth-decay}, scheduled sampling runs from the first step. */
    @Override
    public boolean scheduledFromStart(TrainConfig config) {
        return config.architecture(VideoOptions.class).truthDecay() > 0;
    }

    @Override
    public Mnist.Splits data(TrainConfig config) {
        int frames = config.architecture(VideoOptions.class).context() + config.architecture(VideoOptions.class).predict();
        boolean npy = DataFormat.require(config.run().data(), name(), DataFormat.EMBEDDED, DataFormat.MNIST_IDX, DataFormat.NPY_SEQUENCES)
                == DataFormat.NPY_SEQUENCES;
        if (!config.architecture(VideoOptions.class).testData().isEmpty()) {
            if (npy) throw new UserError("--test-data takes the test sequences; --data must then name the digits to generate training sequences from");
            DataFormat.require(config.architecture(VideoOptions.class).testData(), name(), DataFormat.NPY_SEQUENCES);
            ImageDataset test = sequences(Path.of(config.architecture(VideoOptions.class).testData()), frames, config.network().imageSize());
            return new Mnist.Splits(Mnist.load(config.run().data(), name()).train(), test);
        }
        if (npy) {
            ImageDataset all = sequences(Path.of(config.run().data()), frames, 0);
            if (all.count() < 2) throw new UserError(all.name() + " holds " + all.count() + " sequence; need at least 2 (train and test)");
            int test = Math.max(1, all.count() / 10);
            return new Mnist.Splits(slice(all, 0, all.count() - test, "train"), slice(all, all.count() - test, test, "test"));
        }
        Mnist.Splits digits = Mnist.load(config.run().data(), name());
        MovingMnist test = new MovingMnist(digits.test(), frames, config.network().imageSize(), 2);
        return new Mnist.Splits(digits.train(), test.dataset("moving-mnist-test", TEST_SEED, TEST_SEQUENCES));
    }

    /** Sequences of (frames, S, S), one channel per frame. */
    @Override
    public int[] inputShape(TrainConfig config, Mnist.Splits data) {
        ImageDataset t = data.test();
        return new int[] {t.channels(), t.height(), t.width()};
    }

    @Override
    public BatchSource batches(TrainConfig config, Mnist.Splits data, Device device) {
        if (isNpy(config)) return Recipe.super.batches(config, data, device);
        MovingMnist generator = new MovingMnist(data.train(), config.architecture(VideoOptions.class).context() + config.architecture(VideoOptions.class).predict(), config.network().imageSize(), 2);
        return new SequenceBatches(generator, config.optimiser().batchSize(), config.run().seed(), EPOCH_SEQUENCES, device);
    }

    @Override
    public Built build(TrainConfig config, int[] inputShape, Device device) {
        if (config.objective() == ObjectiveKind.WAKE_SLEEP) {
            throw new UserError("the moving-mnist recipe trains with local critics: use --objective combined (its --gamma weighs the sleep bounce) or oscillation");
        }
        int channels = Math.max(1, (int) Math.round(32 * config.network().width()));
        VideoOptions video = config.architecture(VideoOptions.class);
        VideoPredictor model = new VideoPredictor(new VideoPredictor.Shape(inputShape[1], channels, video.depth(), video.context(), video.predict(),
                config.network().stdBias(), video.pixelHeadroom(), video.decoder(), video.frameCritic() == VideoOptions.FrameCritic.JOINT,
                video.pixelOutput(), video.transforms()), device);
        int h1 = Math.max(1, (int) Math.round(32 * config.network().width())), h2 = Math.max(1, (int) Math.round(64 * config.network().width()));
        Map<String, Critic> critics = new LinkedHashMap<>();
        critics.put("x", new FrameCritic(model.shape().frameChannels(), inputShape[1], h1, h2, device));
        critics.put("z", new ConvCritic(channels, model.shape().stateSize(), h1, h2, device));
        // the top layer is the encoder's memory: its wake state is held fixed (Eq7Eq8LocalCritics)
        return new Built(model, model, Objectives.create(config.objective(), () -> {
            throw new IllegalStateException("no joint critic for video");
        }, () -> critics, localSettings(config)));
    }

    /** A .npy file of sequences with at least {@code frames} frames, of {@code size}×{@code size} unless size is 0. */
    private static ImageDataset sequences(Path file, int frames, int size) {
        ImageDataset all = Npy.sequences(file);
        if (all.channels() < frames) {
            throw new UserError(all.name() + " holds " + all.channels() + " frames per sequence; --context + --predict needs " + frames);
        }
        if (size > 0 && (all.height() != size || all.width() != size)) {
            throw new UserError(all.name() + " holds " + all.height() + "×" + all.width() + " frames; --image-size is " + size);
        }
        return all;
    }

    private static boolean isNpy(TrainConfig config) {
        return DataFormat.of(config.run().data()) == DataFormat.NPY_SEQUENCES;
    }

    private static ImageDataset slice(ImageDataset d, int first, int count, String split) {
        int size = d.imageSize();
        byte[] px = Arrays.copyOfRange(d.pixels(), first * size, (first + count) * size);
        return new ImageDataset(d.name() + "-" + split, px, new byte[count], count, d.channels(), d.height(), d.width(),
                d.provenance() + " sequences " + first + ".." + (first + count - 1));
    }
}
