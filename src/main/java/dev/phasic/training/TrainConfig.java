package dev.phasic.training;

import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.UserError;

/**
 * Everything that defines a training run; saved as {@code config.json} in every run
 * directory. Defaults are the recipe that learns within minutes on 2 cores (DESIGN
 * §6); the paper's long schedule is reachable through the same fields.
 */
public record TrainConfig(
        String recipe,          // architecture and data pairing, e.g. mnist-recurrent
        ObjectiveKind objective,// which of Eq. 4 / 7 / 8 trains the networks
        double gamma,           // Eq. 8 weight of sleep against oscillation (combined only)
        double beta,            // weight of the critic-feature reconstruction term (Eq. 7)
        int featureLayers,      // layers (from the input up) that carry the feature term; 0: every layer below the top
        boolean hiddenWakeGradient, // let hidden layers' terms train q through the wake side too (collapses architecture B)
        double gpWeight,        // λ of the WGAN-GP penalty
        int nCritic,            // critic updates per network update
        int batchSize,          // samples per step
        long steps,             // total network steps (0: use epochs)
        int epochs,             // total epochs (0: use steps)
        double lrInference,     // Adam learning rate of q
        double lrGeneration,    // Adam learning rate of p
        double lrCritic,        // Adam learning rate of the critics
        double adamBeta1,       // Adam β1 (0.5 as in Donahue et al.)
        double adamBeta2,       // Adam β2
        double weightDecay,     // Adam L2 weight decay
        double clipNorm,        // global gradient-norm clip for q and p (0: off)
        double decayStart,      // fraction of training where the learning-rate decay starts (paper: 200/400)
        double decayEnd,        // fraction where it reaches decayFactor (paper: 250/400)
        double decayFactor,     // final learning-rate multiplier (paper: 0.1)
        double stdBias,         // initial std pre-activation bias (−3 gives σ ≈ 0.05)
        int hidden,             // hidden units of every MLP
        int latent,             // size of the top layer z
        boolean recurrent,      // use the stochastic recurrences of architecture A
        double width,           // channel multiplier of architecture B (1: 32-64-128-256-100)
        String hiddenActivation,// architecture B's nonlinearity after sampling a hidden layer: relu (DESIGN) or leaky
        int imageSize,          // side of the square images (B) or frames (C), a power of two ≥ 32
        int context,            // frames that condition the video model's state (C; 0 in older configs: 10)
        int predict,            // frames the video model predicts and is scored on (C; 0 in older configs: 10)
        double truthDecay,      // C: fraction of training over which the share of true frames fed back in place of predictions falls from 1 to 0 (0: closed loop throughout)
        long seed,              // fixes initialisation, data order and sampling on CPU
        String device,          // cpu, cuda or cuda:N
        String data,            // "embedded" or an MNIST-format folder
        int logEvery,           // steps between metric lines (each is a device sync)
        int checkpointEvery,    // steps between checkpoints (one is always written at the end)
        int evalEvery,          // steps between cheap evaluations logged as eval.* (0: off)
        int threads,            // intra-op threads (0: every core the process may use)
        String onDivergence,    // a non-finite loss: stop (keep the last good checkpoint) or skip-step
        double topDownBeta,     // weight of the critic-feature term on the top-down pass from the wake activity of a higher layer (0: off, the paper)
        String topDownSources,  // where that pass starts: top (z) or cycle (z, h_{L-1}, …, h2 in turn)
        String criticWidth,     // architecture B's local critics: paper (64·width, 128·width) or layer (at least the layer's channels)
        boolean minibatchStd,   // architecture B's local critics read the across-batch spread of their last hidden map
        double criticDrift,     // ε of the drift term ε·E_wake[D²] in every local critic's loss (0: off)
        long scheduleSteps) {   // length the learning-rate and truth-share schedules are planned over (0: the run's total)

    public static final String[] RECIPES = {"mnist-recurrent", "hierarchical", "moving-mnist"};
    /** The recipe of a run given no {@code --recipe}. */
    public static final String DEFAULT_RECIPE = "mnist-recurrent";

    public TrainConfig {
        if (!java.util.Arrays.asList(RECIPES).contains(recipe)) {
            throw new UserError("unknown recipe '" + recipe + "': expected one of " + String.join(", ", RECIPES));
        }
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
        if (hiddenActivation == null) hiddenActivation = "relu"; // configs written before the option
        check(hiddenActivation.equals("relu") || hiddenActivation.equals("leaky"),
                "--hidden-activation must be relu or leaky, found " + hiddenActivation);
        if (context == 0) context = 10;
        if (predict == 0) predict = 10;
        check(truthDecay >= 0 && truthDecay <= 1, "--truth-decay must lie in [0, 1], found " + truthDecay);
        check(context >= 1 && predict >= 1, "--context and --predict must be ≥ 1, found " + context + " and " + predict);
        check(logEvery >= 1, "--log-every must be ≥ 1, found " + logEvery);
        check(checkpointEvery >= 1, "--checkpoint-every must be ≥ 1, found " + checkpointEvery);
        check(evalEvery >= 0, "--eval-every must be ≥ 0, found " + evalEvery);
        check(threads >= 0, "--threads must be ≥ 0, found " + threads);
        if (onDivergence == null) onDivergence = "stop"; // configs written before the option
        check(onDivergence.equals("stop") || onDivergence.equals("skip-step"),
                "--on-divergence must be stop or skip-step, found " + onDivergence);
        check(Double.isFinite(topDownBeta) && topDownBeta >= 0, "--top-down-beta must be ≥ 0, found " + topDownBeta);
        if (topDownSources == null) topDownSources = "top";
        check(topDownSources.equals("top") || topDownSources.equals("cycle"), "--top-down-sources must be top or cycle, found " + topDownSources);
        if (criticWidth == null) criticWidth = "paper";
        check(criticWidth.equals("paper") || criticWidth.equals("layer"), "--critic-width must be paper or layer, found " + criticWidth);
        check(Double.isFinite(criticDrift) && criticDrift >= 0, "--critic-drift must be ≥ 0, found " + criticDrift);
        check(scheduleSteps >= 0, "scheduleSteps must be ≥ 0, found " + scheduleSteps);
        boolean conv = "hierarchical".equals(recipe);
        check(conv || (topDownBeta == 0 && topDownSources.equals("top") && criticWidth.equals("paper") && !minibatchStd),
                "--top-down-beta, --top-down-sources, --critic-width and --minibatch-std belong to the hierarchical recipe");
        if (objective == ObjectiveKind.OSCILLATION) gamma = 0;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }

    /** The default run: combined objective on the embedded digits, about five minutes on 2 cores. */
    public static TrainConfig defaults() {
        return defaults(DEFAULT_RECIPE);
    }

    /**
     * A recipe's defaults. The video recipe trains on batches of 32 sequences of 64×64
     * frames at half the paper's width (16 ConvLSTM channels; about 1.2 s/step on 2
     * cores, {@code --width 1} stays available) for 3000 steps at a learning rate of
     * 1e-3, with the paper's decay, and reads back true frames on a share of steps that
     * falls to 0 at half of training (docs/METHODS.md). The hierarchical recipe trains
     * at a quarter of the paper's channels for 10,000 steps with LeakyReLU samples,
     * layer-wide critics and the top-down term (docs/METHODS.md, architecture B).
     */
    public static TrainConfig defaults(String recipe) {
        boolean video = "moving-mnist".equals(recipe);
        boolean conv = "hierarchical".equals(recipe);
        double lr = video ? VIDEO_LR : 2e-4;
        return new TrainConfig(recipe, ObjectiveKind.COMBINED, 0.5, 1.0, 0, false, 10.0, 1, video ? 32 : 64,
                video ? VIDEO_STEPS : conv ? CONV_STEPS : 3000, 0,
                lr, lr, lr, 0.5, 0.999, 2.5e-5, 0.0, 0.5, 0.625, 0.1, -3.0, 512, 64, true, video ? 0.5 : conv ? CONV_WIDTH : 1.0, conv ? "leaky" : "relu", video ? 64 : 32,
                10, 10, video ? VIDEO_TRUTH_DECAY : 0, 1, "cpu", "embedded", 50, 1000, 0, 0, "stop",
                conv ? 1 : 0, conv ? "cycle" : "top", conv ? "layer" : "paper", false, 0, 0);
    }

    private static final long VIDEO_STEPS = 3000;
    private static final long CONV_STEPS = 10000;   // 20.5 minutes on 2 cores at the width below
    private static final double CONV_WIDTH = 0.25;   // channels 8-16-32-64-25; --width 1 is the paper's
    private static final double VIDEO_LR = 1e-3;
    private static final double VIDEO_TRUTH_DECAY = 0.5;

    /**
     * The same configuration with one component replaced, by its record name (e.g.
     * {@code with("objective", ObjectiveKind.WAKE_SLEEP)}); the compact constructor checks
     * the result as it checks any configuration.
     */
    public TrainConfig with(String component, Object value) {
        return with(java.util.Map.of(component, value));
    }

    /** The same configuration with several components replaced at once, checked as a whole. */
    public TrainConfig with(java.util.Map<String, Object> changes) {
        java.lang.reflect.RecordComponent[] cs = TrainConfig.class.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        int found = 0;
        try {
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                boolean match = changes.containsKey(cs[i].getName());
                if (match) found++;
                args[i] = match ? changes.get(cs[i].getName()) : cs[i].getAccessor().invoke(this);
            }
            if (found != changes.size()) throw new IllegalArgumentException("unknown configuration components in " + changes.keySet());
            return TrainConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Total network steps for a dataset with {@code stepsPerEpoch} batches. */
    public long totalSteps(int stepsPerEpoch) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch;
    }

    public TrainConfig withLength(long newSteps, int newEpochs) {
        return with(java.util.Map.of("steps", newSteps, "epochs", newEpochs));
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
