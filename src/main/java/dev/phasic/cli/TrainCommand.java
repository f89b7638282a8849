package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.training.RunDirectory;
import dev.phasic.training.Runs;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasic train}: a new run, or {@code --resume} of an existing one. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model; with no options, the default recipe on the embedded digits.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "mnist-recurrent (architecture A), hierarchical (B) or moving-mnist (C).") String recipe;
    @Option(names = "--objective", description = "wake-sleep | oscillation | combined (default combined).") String objective;
    @Option(names = "--gamma", description = "Eq. 8 weight of the sleep phase, in [0,1] (combined; default 0.5).") Double gamma;
    @Option(names = "--beta", description = "Weight of the critic-feature reconstruction term (default 1).") Double beta;
    @Option(names = "--feature-layers", description = "Layers from the input up that carry the feature term (default 0: all below the top).") Integer featureLayers;
    @Option(names = "--hidden-wake-gradient", description = "Let hidden layers' critic and feature terms also train q through the wake activity (off: only through the predictions).") boolean hiddenWakeGradient;
    @Option(names = "--gp-weight", description = "Gradient-penalty weight λ (default 10).") Double gpWeight;
    @Option(names = "--n-critic", description = "Critic updates per network update (default 1).") Integer nCritic;
    @Option(names = "--data", description = "MNIST-format folder, CIFAR-10 or image folder (hierarchical), or a Moving MNIST .npy file (moving-mnist); default: the embedded digits.") String data;
    @Option(names = "--epochs", description = "Train for N epochs.") Integer epochs;
    @Option(names = "--steps", description = "Train for N network steps (default 3000; hierarchical 10000).") Long steps;
    @Option(names = "--batch-size", description = "Batch size (default 64; moving-mnist 32).") Integer batchSize;
    @Option(names = "--lr", description = "Learning rate of every optimiser (default 2e-4; moving-mnist 1e-3).") Double lr;
    @Option(names = "--lr-inference", description = "Learning rate of q.") Double lrInference;
    @Option(names = "--lr-generation", description = "Learning rate of p.") Double lrGeneration;
    @Option(names = "--lr-critic", description = "Learning rate of the critics.") Double lrCritic;
    @Option(names = "--adam-beta1", description = "Adam β1 (default 0.5).") Double beta1;
    @Option(names = "--adam-beta2", description = "Adam β2 (default 0.999).") Double beta2;
    @Option(names = "--weight-decay", description = "Adam weight decay (default 2.5e-5).") Double weightDecay;
    @Option(names = "--clip-norm", description = "Clip q and p gradient norms (default 0: off).") Double clipNorm;
    @Option(names = "--decay-start", description = "Fraction of training where LR decay starts (default 0.5).") Double decayStart;
    @Option(names = "--decay-end", description = "Fraction where LR decay ends (default 0.625).") Double decayEnd;
    @Option(names = "--decay-factor", description = "Final LR multiplier (default 0.1).") Double decayFactor;
    @Option(names = "--std-bias", description = "Initial std pre-activation bias (default -3).") Double stdBias;
    @Option(names = "--hidden", description = "Hidden units (default 512).") Integer hidden;
    @Option(names = "--latent", description = "Size of z (default 64).") Integer latent;
    @Option(names = "--no-recurrence", description = "Drop the stochastic recurrences.") boolean noRecurrence;
    @Option(names = "--width", description = "Channel multiplier: hierarchical (default 0.25; 1 is the paper's), moving-mnist (default 0.5; 1 is the paper's 32 channels).") Double width;
    @Option(names = "--image-size", description = "Image side of the hierarchical recipe (default 32), frame side of moving-mnist (default 64).") Integer imageSize;
    @Option(names = "--hidden-activation", description = "Hierarchical recipe: leaky (LeakyReLU 0.2, default) or relu (the paper's) after sampling a hidden layer.") String hiddenActivation;
    @Option(names = "--context", description = "Frames that condition the video state (moving-mnist; default 10).") Integer context;
    @Option(names = "--predict", description = "Frames the video model predicts (moving-mnist; default 10).") Integer predict;
    @Option(names = "--truth-decay", description = "Moving-mnist: fraction of training over which the share of true frames read back in place of predictions falls from 1 to 0 (scheduled sampling; default 0.5, 0: closed loop throughout).") Double truthDecay;
    @Option(names = "--seed", description = "Random seed (default 1).") Long seed;
    @Option(names = "--device", description = "cpu, cuda or cuda:N (default cpu).") String device;
    @Option(names = "--top-down-beta", description = "Weight of the critic-feature term between each layer's wake activity and its prediction by a top-down pass from a higher layer's wake activity (hierarchical default 1; 0: the paper's one-step pairs only).") Double topDownBeta;
    @Option(names = "--top-down-sources", description = "Where that pass starts: top (z) or cycle (z, h4, …, h2 in turn; hierarchical default).") String topDownSources;
    @Option(names = "--critic-width", description = "Hierarchical local critics: paper (64·width and 128·width channels) or layer (at least the layer's own channels; hierarchical default).") String criticWidth;
    @Option(names = "--minibatch-std", description = "Hierarchical local critics also read the across-batch spread of their last hidden map.") boolean minibatchStd;
    @Option(names = "--critic-drift", description = "ε of a drift term ε·E[D(wake)²] in each local critic's loss (default 0).") Double criticDrift;
    @Option(names = "--on-divergence", description = "When a loss turns NaN or infinite: stop (default; the last good checkpoint stays) or skip-step (drop that update and go on).") String onDivergence;
    @Option(names = "--threads", description = "Intra-op threads (default: every core this process may use).") Integer threads;
    @Option(names = "--log-every", description = "Steps between metric lines (default 50).") Integer logEvery;
    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (default 1000).") Integer checkpointEvery;
    @Option(names = "--eval-every", description = "Steps between cheap evaluations logged into metrics.jsonl (default 0: off).") Integer evalEvery;
    @Option(names = "--out", description = "Run directory (default runs/<time>-<objective>).") Path out;
    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its latest checkpoint.") Path resume;

    @Override
    public Integer call() throws Exception {
        try {
            return train();
        } finally {
            RunDirectory.releaseLocks();
        }
    }

    private Integer train() throws Exception {
        Trainer trainer;
        if (resume != null) {
            rejectWithResume();
            trainer = Runs.resume(resume, steps, epochs, device, new RunListener());
            System.err.println(trainer.step() == 0
                    ? "restarting " + resume + " from step 0 (it stopped before its first checkpoint)"
                    : "resuming " + resume + " at step " + trainer.step() + " of " + trainer.totalSteps()
                      + "; schedules planned over " + trainer.scheduleSteps() + " steps"
                      + (trainer.scheduleSteps() < trainer.totalSteps() ? " (already under way: kept, not replayed)" : ""));
            trainer.run(System.err);
            System.out.println(resume);
            return 0;
        }
        TrainConfig config = config();
        Session session = new Session(config);
        RunDirectory run = RunDirectory.create(out, config);
        System.err.printf("training %s with %s into %s (%d steps of %d, %d per epoch)%n", config.recipe(),
                config.objective().cliName, run.path(), session.totalSteps(), config.batchSize(),
                session.batches.stepsPerEpoch());
        trainer = new Trainer(session, run, 0, new RunListener());
        trainer.run(System.err);
        System.out.println(run.path());
        return 0;
    }

    private void rejectWithResume() {
        Object[] fixed = {recipe, objective, gamma, beta, featureLayers, gpWeight, nCritic, data, batchSize, lr, lrInference,
                lrGeneration, lrCritic, beta1, beta2, weightDecay, clipNorm, decayStart, decayEnd, decayFactor, stdBias, hidden,
                latent, width, imageSize, hiddenActivation, context, predict, truthDecay, seed, onDivergence, threads, logEvery,
                checkpointEvery, evalEvery, out, topDownBeta, topDownSources, criticWidth, criticDrift};
        boolean any = hiddenWakeGradient || noRecurrence || minibatchStd;
        for (Object o : fixed) any |= o != null;
        if (any) {
            throw new UserError("--resume continues a run with its own configuration; only --steps, --epochs and --device may change");
        }
    }

    TrainConfig config() {
        TrainConfig d = TrainConfig.defaults(recipe != null ? recipe : TrainConfig.DEFAULT_RECIPE);
        if (steps != null && epochs != null) throw new UserError("give --steps or --epochs, not both");
        long s = steps != null ? steps : epochs != null ? 0 : d.steps();
        int e = epochs != null ? epochs : 0;
        if (steps != null && steps <= 0) throw new UserError("--steps must be > 0, found " + steps);
        if (epochs != null && epochs <= 0) throw new UserError("--epochs must be > 0, found " + epochs);
        if (context != null && context < 1) throw new UserError("--context must be ≥ 1, found " + context);
        if (predict != null && predict < 1) throw new UserError("--predict must be ≥ 1, found " + predict);
        rejectMeaningless(d.recipe(), objective == null ? d.objective() : ObjectiveKind.parse(objective));
        java.util.Map<String, Object> c = new java.util.HashMap<>();
        put(c, "objective", objective == null ? null : ObjectiveKind.parse(objective));
        put(c, "gamma", gamma);
        put(c, "beta", beta);
        put(c, "featureLayers", featureLayers);
        if (hiddenWakeGradient) c.put("hiddenWakeGradient", true);
        put(c, "gpWeight", gpWeight);
        put(c, "nCritic", nCritic);
        put(c, "batchSize", batchSize);
        c.put("steps", s);
        c.put("epochs", e);
        put(c, "lrInference", or(lrInference, lr));
        put(c, "lrGeneration", or(lrGeneration, lr));
        put(c, "lrCritic", or(lrCritic, lr));
        put(c, "adamBeta1", beta1);
        put(c, "adamBeta2", beta2);
        put(c, "weightDecay", weightDecay);
        put(c, "clipNorm", clipNorm);
        put(c, "decayStart", decayStart);
        put(c, "decayEnd", decayEnd);
        put(c, "decayFactor", decayFactor);
        put(c, "stdBias", stdBias);
        put(c, "hidden", hidden);
        put(c, "latent", latent);
        if (noRecurrence) c.put("recurrent", false);
        put(c, "width", width);
        put(c, "hiddenActivation", hiddenActivation);
        put(c, "imageSize", imageSize);
        put(c, "context", context);
        put(c, "predict", predict);
        put(c, "truthDecay", truthDecay);
        put(c, "seed", seed);
        put(c, "device", device);
        put(c, "data", data);
        put(c, "logEvery", logEvery);
        put(c, "checkpointEvery", checkpointEvery);
        put(c, "evalEvery", evalEvery);
        put(c, "threads", threads);
        put(c, "onDivergence", onDivergence);
        put(c, "topDownBeta", topDownBeta);
        put(c, "topDownSources", topDownSources);
        put(c, "criticWidth", criticWidth);
        if (minibatchStd) c.put("minibatchStd", true);
        put(c, "criticDrift", criticDrift);
        return d.with(c);
    }

    /** An option the user gave replaces the recipe's default. */
    private static void put(java.util.Map<String, Object> changes, String component, Object value) {
        if (value != null) changes.put(component, value);
    }

    /** An option that the chosen recipe or objective would ignore is a mistake, not a silent no-op. */
    private void rejectMeaningless(String recipe, ObjectiveKind kind) {
        boolean mlp = recipe.equals("mnist-recurrent"), conv = recipe.equals("hierarchical"), video = recipe.equals("moving-mnist");
        String[][] checks = {
            {latent != null && !mlp ? "--latent" : null, "mnist-recurrent"},
            {noRecurrence && !mlp ? "--no-recurrence" : null, "mnist-recurrent"},
            {hidden != null && !mlp && !(conv && kind == ObjectiveKind.WAKE_SLEEP) ? "--hidden" : null,
                "mnist-recurrent (and the hierarchical recipe's wake-sleep critic)"},
            {width != null && mlp ? "--width" : null, "hierarchical and moving-mnist"},
            {imageSize != null && mlp ? "--image-size" : null, "hierarchical and moving-mnist"},
            {hiddenActivation != null && !conv ? "--hidden-activation" : null, "hierarchical"},
            {context != null && !video ? "--context" : null, "moving-mnist"},
            {predict != null && !video ? "--predict" : null, "moving-mnist"},
            {truthDecay != null && !video ? "--truth-decay" : null, "moving-mnist"},
        };
        for (String[] c : checks) {
            if (c[0] != null) throw new UserError(c[0] + " has no effect on the " + recipe + " recipe; it belongs to " + c[1]);
        }
        if (gamma != null && kind != ObjectiveKind.COMBINED) {
            throw new UserError("--gamma weighs sleep against oscillation in the combined objective; "
                    + kind.cliName + " has no γ (use --objective combined --gamma " + gamma + ")");
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
