package dev.phasic.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.phasic.Choice;
import dev.phasic.UserError;
import dev.phasic.io.Records;
import dev.phasic.models.VideoPredictor;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.training.Choices.CriticWidth;
import dev.phasic.training.Choices.FrameCritic;
import dev.phasic.training.Choices.HiddenActivation;
import dev.phasic.training.Choices.OnDivergence;
import dev.phasic.training.Choices.TopDownSources;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a training run; saved as {@code config.json} in every run
 * directory. Defaults are the recipe that learns within minutes on 2 cores
 * (docs/METHODS.md); the paper's long schedule is reachable through the same fields.
 */
public record TrainConfig(
        String recipe,          // architecture and data pairing, e.g. mnist-recurrent
        @Cli(name = "--objective", help = "wake-sleep | oscillation | combined.")
        ObjectiveKind objective,// which of Eq. 4 / 7 / 8 trains the networks
        @Cli(name = "--gamma", help = "Eq. 8 weight of the sleep phase, in [0,1] (combined only).")
        double gamma,           // Eq. 8 weight of sleep against oscillation (combined only)
        @Cli(name = "--beta", help = "Weight of the critic-feature term between each prediction and its wake activity.")
        double beta,            // weight of the critic-feature reconstruction term (Eq. 7)
        @Cli(name = "--feature-layers", help = "Layers from the input up that carry the feature term (0: all below the top).")
        int featureLayers,      // layers (from the input up) that carry the feature term; 0: every layer below the top
        @Cli(name = "--hidden-wake-gradient", help = "Let hidden layers' critic and feature terms also train q through the wake activity (off: only through the predictions).")
        boolean hiddenWakeGradient, // let hidden layers' terms train q through the wake side too (collapses architecture B)
        @Cli(name = "--gp-weight", help = "Gradient-penalty weight λ.")
        double gpWeight,        // λ of the WGAN-GP penalty
        @Cli(name = "--n-critic", help = "Critic updates per network update.")
        int nCritic,            // critic updates per network update
        @Cli(name = "--batch-size", help = "Batch size.")
        int batchSize,          // samples per step
        long steps,             // total network steps (0: use epochs)
        int epochs,             // total epochs (0: use steps)
        @Cli(name = "--lr-inference", help = "Learning rate of q.")
        double lrInference,     // Adam learning rate of q
        @Cli(name = "--lr-generation", help = "Learning rate of p.")
        double lrGeneration,    // Adam learning rate of p
        @Cli(name = "--lr-critic", help = "Learning rate of the critics.")
        double lrCritic,        // Adam learning rate of the critics
        @Cli(name = "--adam-beta1", help = "Adam β1.")
        double adamBeta1,       // Adam β1 (0.5 as in Donahue et al.)
        @Cli(name = "--adam-beta2", help = "Adam β2.")
        double adamBeta2,       // Adam β2
        @Cli(name = "--weight-decay", help = "Adam weight decay.")
        double weightDecay,     // Adam L2 weight decay
        @Cli(name = "--clip-norm", help = "Clip q and p gradient norms (0: off).")
        double clipNorm,        // global gradient-norm clip for q and p (0: off)
        @Cli(name = "--decay-start", help = "Fraction of training where the learning-rate decay starts.")
        double decayStart,      // fraction of training where the learning-rate decay starts (paper: 200/400)
        @Cli(name = "--decay-end", help = "Fraction where the decay ends.")
        double decayEnd,        // fraction where it reaches decayFactor (paper: 250/400)
        @Cli(name = "--decay-factor", help = "Final learning-rate multiplier.")
        double decayFactor,     // final learning-rate multiplier (paper: 0.1)
        @Cli(name = "--std-bias", help = "Initial std pre-activation bias.")
        double stdBias,         // initial std pre-activation bias (−3 gives σ ≈ 0.05)
        @Cli(name = "--hidden", help = "Hidden units (mnist-recurrent; the hierarchical wake-sleep critic).")
        int hidden,             // hidden units of every MLP
        @Cli(name = "--latent", help = "Size of z (mnist-recurrent).", recipes = "mnist-recurrent")
        int latent,             // size of the top layer z
        @Cli(name = "--no-recurrence", help = "Drop the stochastic recurrences (mnist-recurrent).", negated = true, recipes = "mnist-recurrent")
        boolean recurrent,      // use the stochastic recurrences of architecture A
        @Cli(name = "--width", help = "Channel multiplier (hierarchical: 1 is the paper's 32-64-128-256-100; moving-mnist: 1 is the paper's 32 channels).", recipes = {"hierarchical", "moving-mnist"})
        double width,           // channel multiplier of architecture B (1: 32-64-128-256-100)
        @Cli(name = "--hidden-activation", help = "Hierarchical: leaky (LeakyReLU 0.2) or relu (the paper's) after sampling a hidden layer.", recipes = "hierarchical")
        HiddenActivation hiddenActivation,// architecture B's nonlinearity after sampling a hidden layer: relu (DESIGN) or leaky
        @Cli(name = "--image-size", help = "Image side (hierarchical) or frame side (moving-mnist), a power of two.", recipes = {"hierarchical", "moving-mnist"})
        int imageSize,          // side of the square images (B) or frames (C), a power of two ≥ 32
        @Cli(name = "--context", help = "Frames that condition the video state (moving-mnist).", recipes = "moving-mnist")
        int context,            // frames that condition the video model's state (C)
        @Cli(name = "--predict", help = "Frames the video model predicts (moving-mnist).", recipes = "moving-mnist")
        int predict,            // frames the video model predicts and is scored on (C)
        @Cli(name = "--truth-decay", help = "Moving-mnist: fraction of training over which the share of true frames read back in place of predictions falls from 1 to 0 (0: closed loop throughout).", recipes = "moving-mnist")
        double truthDecay,      // C: fraction of training over which the share of true frames fed back in place of predictions falls from 1 to 0 (0: closed loop throughout)
        @Cli(name = "--seed", help = "Random seed.")
        long seed,              // fixes initialisation, data order and sampling on CPU
        @Cli(name = "--device", help = "cpu, cuda or cuda:N.")
        String device,          // cpu, cuda or cuda:N
        @Cli(name = "--data", help = "MNIST-format folder, CIFAR-10 or image folder (hierarchical), or a Moving MNIST .npy file (moving-mnist).")
        String data,            // "embedded" or an MNIST-format folder
        @Cli(name = "--log-every", help = "Steps between metric lines.")
        int logEvery,           // steps between metric lines (each is a device sync)
        @Cli(name = "--checkpoint-every", help = "Steps between checkpoints.")
        int checkpointEvery,    // steps between checkpoints (one is always written at the end)
        @Cli(name = "--eval-every", help = "Steps between cheap evaluations logged into metrics.jsonl (0: off).")
        int evalEvery,          // steps between cheap evaluations logged as eval.* (0: off)
        @Cli(name = "--threads", help = "Intra-op threads (0: every core this process may use).")
        int threads,            // intra-op threads (0: every core the process may use)
        @Cli(name = "--on-divergence", help = "When a loss turns NaN or infinite: stop (the last good checkpoint stays) or skip-step (drop that update and go on).")
        OnDivergence onDivergence,    // a non-finite loss: stop (keep the last good checkpoint) or skip-step
        @Cli(name = "--top-down-beta", help = "Hierarchical: weight of the critic-feature term between each layer's wake activity and its prediction by a top-down pass from a higher layer's wake activity (0: the paper's one-step pairs only).", recipes = "hierarchical")
        double topDownBeta,     // weight of the critic-feature term on the top-down pass from the wake activity of a higher layer (0: off, the paper)
        @Cli(name = "--top-down-sources", help = "Hierarchical: where that pass starts, top (z) or cycle (z, h4, …, h2 in turn).", recipes = "hierarchical")
        TopDownSources topDownSources,  // where that pass starts: top (z) or cycle (z, h_{L-1}, …, h2 in turn)
        @Cli(name = "--critic-width", help = "Hierarchical local critics: paper (64·width and 128·width channels) or layer (at least the layer's own channels).", recipes = "hierarchical")
        CriticWidth criticWidth,     // architecture B's local critics: paper (64·width, 128·width) or layer (at least the layer's channels)
        @Cli(name = "--minibatch-std", help = "Hierarchical local critics also read the across-batch spread of their last hidden map.", recipes = "hierarchical")
        boolean minibatchStd,   // architecture B's local critics read the across-batch spread of their last hidden map
        @Cli(name = "--critic-drift", help = "ε of a drift term ε·E[D(wake)²] in each local critic's loss.", recipes = "hierarchical")
        double criticDrift,     // ε of the drift term ε·E_wake[D²] in every local critic's loss (0: off)
        @Cli(name = "--pixel-headroom", help = "Moving-mnist, --decoder draw: drawn pixels are clamp(h·tanh(v/h), −1, 1), h ≥ 1.", recipes = "moving-mnist")
        double pixelHeadroom,   // C, draw decoder: above 1 the background's −1 is reached at a finite pre-activation
        @Cli(name = "--decoder", help = "Moving-mnist: transform (move the frame read before with per-patch normalised kernels, composited with drawn pixels by a mask), context (the same, moving the last context frame with kernels that reach as far as a digit travels) or draw (every pixel anew).", recipes = "moving-mnist")
        VideoPredictor.Decoder decoder,         // C: transform (DNA-style kernels on the previous frame), context (on the last context frame) or draw
        @Cli(name = "--frame-critic", help = "Moving-mnist: joint (the frame critic reads each frame with the frame before it) or frame (a frame alone).", recipes = "moving-mnist")
        FrameCritic frameCritic,     // C: what the x critic reads: joint (previous, next) or frame (next alone)
        @Cli(name = "--depth", help = "Moving-mnist: ConvLSTM cells stacked in the encoder and in the decoder (each reads the sampled state of the one below).", recipes = "moving-mnist")
        int depth,              // C: stacked ConvLSTM cells in encoder and decoder
        @Cli(name = "--pixel-anchor", help = "Moving-mnist: weight λ of a pixel term λ·mean (x − x̂)² on the predicted frames beside the adversarial terms (0: the paper's objective alone).", recipes = "moving-mnist")
        double pixelAnchor,     // C: weight of the squared-error pixel anchor on the predicted frames (0: off, the paper)
        @Cli(name = "--test-data", help = "Moving-mnist: a .npy file of test sequences (frames, sequences, H, W), all of it the test set, e.g. the standard mnist_test_seq.npy; training sequences are generated from the --data digits.", recipes = "moving-mnist")
        String testData,        // C: the test sequences' .npy file ("": generated from the test digits)
        @Cli(name = "--adversarial-weight", help = "Weight of the networks' adversarial terms (1: the paper's; 0 with --beta 0 trains on the pixel anchor alone, an ablation).", recipes = "moving-mnist")
        double adversarialWeight, // weight of the networks' critic terms (1: the paper; 0: ablation)
        long scheduleSteps) {   // length the learning-rate and truth-share schedules are planned over (0: the run's total)

    /** The recipe of a run given no {@code --recipe}: the first of {@link Recipe#ALL}. */
    public static final String DEFAULT_RECIPE = Recipe.ALL.get(0).name();

    public TrainConfig {
        Recipe.of(recipe);                                                  // one line naming the recipes there are
        if (objective == null) throw new UserError("objective must be set");
        double[] reals = {gamma, beta, gpWeight, lrInference, lrGeneration, lrCritic, adamBeta1, adamBeta2, weightDecay,
                clipNorm, decayStart, decayEnd, decayFactor, stdBias, width, truthDecay};
        for (double v : reals) check(Double.isFinite(v), "every number must be finite, found " + v);
        check(gamma >= 0 && gamma <= 1, "--gamma must lie in [0, 1], found " + gamma);
        check(beta >= 0, "--beta must be ≥ 0, found " + beta);
        check(featureLayers >= 0, "--feature-layers must be ≥ 0, found " + featureLayers);
        check(gpWeight >= 0, "--gp-weight must be ≥ 0, found " + gpWeight);
        check(nCritic >= 1, "--n-critic must be ≥ 1, found " + nCritic);
        check(batchSize >= 1, "--batch-size must be ≥ 1, found " + batchSize);
        check(steps >= 0 && epochs >= 0, "--steps and --epochs must be ≥ 0, found " + steps + " and " + epochs);
        check(steps > 0 || epochs > 0, "one of --steps or --epochs must be > 0");
        check(lrInference > 0 && lrGeneration > 0 && lrCritic > 0, "learning rates must be > 0");
        check(adamBeta1 >= 0 && adamBeta1 < 1, "--adam-beta1 must lie in [0, 1), found " + adamBeta1);
        check(adamBeta2 >= 0 && adamBeta2 < 1, "--adam-beta2 must lie in [0, 1), found " + adamBeta2);
        check(weightDecay >= 0, "--weight-decay must be ≥ 0, found " + weightDecay);
        check(clipNorm >= 0, "--clip-norm must be ≥ 0, found " + clipNorm);
        check(decayStart >= 0 && decayStart <= decayEnd, "need 0 ≤ --decay-start ≤ --decay-end, found "
                + decayStart + " and " + decayEnd);
        check(decayFactor > 0 && decayFactor <= 1, "--decay-factor must lie in (0, 1], found " + decayFactor);
        check(hidden >= 1 && latent >= 1, "--hidden and --latent must be ≥ 1");
        check(width > 0 && width <= 16, "--width must lie in (0, 16], found " + width);
        check(imageSize >= 32 && Integer.bitCount(imageSize) == 1 && imageSize <= 256,
                "--image-size must be a power of two in 32..256, found " + imageSize);
        check(truthDecay >= 0 && truthDecay <= 1, "--truth-decay must lie in [0, 1], found " + truthDecay);
        check(context >= 1 && predict >= 1, "--context and --predict must be ≥ 1, found " + context + " and " + predict);
        check(logEvery >= 1, "--log-every must be ≥ 1, found " + logEvery);
        check(checkpointEvery >= 1, "--checkpoint-every must be ≥ 1, found " + checkpointEvery);
        check(evalEvery >= 0, "--eval-every must be ≥ 0, found " + evalEvery);
        check(threads >= 0, "--threads must be ≥ 0, found " + threads);
        check(Double.isFinite(topDownBeta) && topDownBeta >= 0, "--top-down-beta must be ≥ 0, found " + topDownBeta);
        check(Double.isFinite(criticDrift) && criticDrift >= 0, "--critic-drift must be ≥ 0, found " + criticDrift);
        check(scheduleSteps >= 0, "scheduleSteps must be ≥ 0, found " + scheduleSteps);
        check(Double.isFinite(pixelHeadroom) && pixelHeadroom >= 1 && pixelHeadroom <= 10,
                "--pixel-headroom must lie in [1, 10], found " + pixelHeadroom);
        check(depth >= 1 && depth <= 8, "--depth must lie in 1..8, found " + depth);
        check(Double.isFinite(pixelAnchor) && pixelAnchor >= 0, "--pixel-anchor must be ≥ 0, found " + pixelAnchor);
        check(Double.isFinite(adversarialWeight) && adversarialWeight >= 0, "--adversarial-weight must be ≥ 0, found " + adversarialWeight);
        gamma = objective.gamma(gamma);
    }

    /**
     * An option of another recipe holds its {@link #DEFAULTS} value: a configuration built in
     * code (not from the command line, which refuses such options) cannot carry a setting
     * its recipe would ignore.
     */
    private void checkOtherRecipesOptionsAtDefault() {
        Map<String, Object> values = toMap();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            Cli cli = c.getAnnotation(Cli.class);
            if (cli != null && !appliesTo(cli, recipe) && !Objects.equals(values.get(c.getName()), DEFAULTS.get(c.getName()))) {
                throw notFor(cli, recipe);
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }

    /**
     * Every default, stated once ({@link Defaults}): the default run (combined objective on the
     * embedded digits, about five minutes on 2 cores); each recipe's changes are its own
     * ({@link Recipe#defaults}).
     */
    public static final Map<String, Object> DEFAULTS = Defaults.TABLE;

    /** The default run. */
    public static TrainConfig defaults() {
        return defaults(DEFAULT_RECIPE);
    }

    /** A recipe's defaults: {@link #DEFAULTS} with the recipe's changes. */
    public static TrainConfig defaults(String recipe) {
        Map<String, Object> d = new HashMap<>(DEFAULTS);
        d.putAll(Recipe.of(recipe).defaults());
        d.put("recipe", recipe);
        return fromMap(d);
    }

    /** The record from every component's value; a choice may be given by its spelling ({@link Choice#parse}). */
    private static TrainConfig fromMap(Map<String, Object> values) {
        Map<String, Object> typed = new HashMap<>(values);
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (typed.get(c.getName()) instanceof String name && Choice.class.isAssignableFrom(c.getType()) && c.getType().isEnum()) {
                Cli cli = c.getAnnotation(Cli.class);
                typed.put(c.getName(), parseChoice(c.getType(), name, cli == null ? c.getName() : cli.name()));
            }
        }
        TrainConfig config = Records.fromMap(TrainConfig.class, typed);
        config.checkOtherRecipesOptionsAtDefault();
        return config;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parseChoice(Class<?> type, String name, String option) {
        return Choice.parse((Class) type, name, option);
    }

    /**
     * A configuration read from JSON ({@code config.json}, checkpoint state): the recipe-free
     * {@link #DEFAULTS} with the file's values on top. A field the file lacks was written by
     * a version that did not have it, and every default in {@link #DEFAULTS} is the value
     * that behaves as that version did (recipes turn new behaviour on in
     * {@link Recipe#defaults}), so old runs load and resume unchanged.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TrainConfig fromJson(Map<String, Object> json) {
        Map<String, Object> values = new HashMap<>(DEFAULTS);
        values.putAll(components(json, " (written by a newer version?)"));
        return fromMap(values);
    }

    /**
     * The components a JSON object names, each as its type (a missing value: its default);
     * a name that is no component, or a value of the wrong type, is one line, {@code where}
     * saying whose.
     */
    public static Map<String, Object> components(Map<String, Object> json, String where) {
        Map<String, Class<?>> types = new HashMap<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) types.put(c.getName(), c.getType());
        Map<String, Object> out = new HashMap<>();
        json.forEach((k, v) -> {
            Class<?> t = types.get(k);
            if (t == null) throw new UserError("unknown configuration field '" + k + "'" + where);
            out.put(k, v == null ? DEFAULTS.get(k) : convert(k, v, t));
        });
        return out;
    }

    /**
     * This recipe's defaults with {@code values} (components by name) on top: what
     * {@code --config FILE} gives before the command line's options.
     */
    public static TrainConfig defaults(String recipe, Map<String, Object> values) {
        Map<String, Object> rest = new HashMap<>(values);
        rest.remove("recipe");
        return defaults(recipe).with(rest);
    }

    private static Object convert(String name, Object v, Class<?> t) {
        if (v instanceof String && Choice.class.isAssignableFrom(t)) return v;      // fromMap parses it
        if (v instanceof String spelt && t == ObjectiveKind.class && !spelt.equals(spelt.toUpperCase(Locale.ROOT))) {
            return ObjectiveKind.parse(spelt);                                  // as on the command line
        }
        try {
            return Records.convert(v, t);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new UserError("configuration field '" + name + "' holds " + v + ", not a " + t.getSimpleName());
        }
    }

    /** Every component by name, in declaration order. */
    public Map<String, Object> toMap() {
        return Records.toMap(this);
    }

    /**
     * What {@code config.json} and a checkpoint's state hold: every component that applies to
     * this recipe ({@link Cli#recipes}), in declaration order. A component of another recipe
     * is left out while it holds its {@link #DEFAULTS} value, which {@link #fromJson} puts back,
     * so the file reads back as the same configuration.
     */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> out = toMap();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            Cli cli = c.getAnnotation(Cli.class);
            if (cli == null || appliesTo(cli, recipe)) continue;
            if (Objects.equals(out.get(c.getName()), DEFAULTS.get(c.getName()))) out.remove(c.getName());
        }
        return out;
    }

    /** The one line for an option given to a recipe it does not belong to. */
    public static UserError notFor(Cli cli, String recipe) {
        return new UserError(cli.name() + " has no effect on the " + recipe + " recipe; it belongs to " + String.join(" and ", cli.recipes()));
    }

    /** Whether an option means something for {@code recipe}. */
    public static boolean appliesTo(Cli cli, String recipe) {
        return cli.recipes().length == 0 || Arrays.asList(cli.recipes()).contains(recipe);
    }

    /**
     * The same configuration with one component replaced, by its record name (e.g.
     * {@code with("objective", ObjectiveKind.WAKE_SLEEP)}); the compact constructor checks
     * the result as it checks any configuration.
     */
    public TrainConfig with(String component, Object value) {
        return with(Map.of(component, value));
    }

    /** The same configuration with several components replaced at once, checked as a whole. */
    public TrainConfig with(Map<String, Object> changes) {
        Map<String, Object> values = toMap();
        if (!values.keySet().containsAll(changes.keySet())) {
            throw new IllegalArgumentException("unknown configuration components in " + changes.keySet());
        }
        values.putAll(changes);
        return fromMap(values);
    }

    /** Total network steps for a dataset with {@code stepsPerEpoch} batches. */
    public long totalSteps(int stepsPerEpoch) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch;
    }

    public TrainConfig withLength(long newSteps, int newEpochs) {
        return with(Map.of("steps", newSteps, "epochs", newEpochs));
    }

    /** The length the schedules are planned over, given the run's {@code stepsPerEpoch}. */
    public long scheduleSteps(int stepsPerEpoch) {
        return scheduleSteps > 0 ? scheduleSteps : totalSteps(stepsPerEpoch);
    }

    /** The same run with its schedules planned over {@code steps}. */
    public TrainConfig withScheduleSteps(long steps) {
        return with("scheduleSteps", steps);
    }

    public TrainConfig withDevice(String newDevice) {
        return with("device", newDevice);
    }
}
