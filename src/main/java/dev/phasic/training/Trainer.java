package dev.phasic.training;

import dev.phasic.io.Progress;
import dev.phasic.nn.Module;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.GradientShares;
import dev.phasic.objectives.Phases;
import dev.phasic.torch.Group;
import dev.phasic.torch.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The training loop (docs/DESIGN.md §2): per step, {@code n_critic} critic updates on detached
 * phases, then one update of q and p against frozen critics, then logging. Each step
 * runs in its own pointer scope, so native memory stays flat.
 */
public final class Trainer {
    private final Session s;
    private final RunDirectory run; // null when benchmarking
    private final TrainingListener listener;
    private long step;
    private double lrFactor = Double.NaN;
    private long skipped; // updates dropped under --on-divergence skip-step
    private long lastCheckpoint; // step of the newest checkpoint written or resumed from (0: none)
    private DataParallel parallel; // null: one process
    private boolean stopped; // run() returned on a stop signal

    public Trainer(Session session, RunDirectory run, long startStep) {
        this(session, run, startStep, TrainingListener.NONE);
    }

    public Trainer(Session session, RunDirectory run, long startStep, TrainingListener listener) {
        this.s = session;
        this.run = run;
        this.step = startStep;
        this.lastCheckpoint = startStep;
        this.listener = listener;
    }

    public long step() {
        return step;
    }

    /** Trains as one rank of {@code g} ({@link DataParallel}); only rank 0 is given a run directory. */
    public Trainer distributed(Group g) {
        parallel = new DataParallel(s, g);
        return this;
    }

    public long totalSteps() {
        return s.totalSteps();
    }

    public long scheduleSteps() {
        return s.scheduleSteps();
    }

    /** Trains up to the configured total, writing metrics, grids and checkpoints. */
    public void run(PrintStream console) throws IOException {
        long total = s.totalSteps();
        int perEpoch = s.batches.stepsPerEpoch();
        Progress progress = new Progress(console, step, total);
        while (step < total) {
            if (stopAgreed()) {
                stopped = true;
                break;
            }
            boolean log = (step + 1) % s.config.run().logEvery() == 0 || step + 1 == total;
            Map<String, Double> values;
            try (PointerScope scope = new PointerScope()) {
                values = trainStep(log);
            }
            if (run == null) continue;                                   // a rank other than 0 of a group
            if (log) {
                run.appendMetrics(step, step / (double) perEpoch, lrFactor, values);
                progress.update(step, summary(values));
            }
            if (step % perEpoch == 0) writeGrids(String.format("epoch-%04d", step / perEpoch));
            if (s.config.run().evalEvery() > 0 && (step % s.config.run().evalEvery() == 0 || step == total)) evaluate();
            if (step % s.config.run().checkpointEvery() == 0 || step == total) checkpoint();
        }
        if (run == null) return;
        if (lastCheckpoint != step) checkpoint();
        if (!stopped && step % perEpoch != 0) writeGrids(String.format("step-%08d", step));
        progress.finish();
    }

    /**
     * Whether training stops before the next step on a {@link StopSignal}: this process's,
     * or in a group any rank's, so that every rank stops at the same step.
     */
    private boolean stopAgreed() {
        if (parallel == null) return StopSignal.requested();
        boolean any = parallel.any(StopSignal.requested());
        if (any) StopSignal.request("TERM");
        return any;
    }

    /** Whether {@link #run} returned on a stop signal rather than at the configured length. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * One network step with its critic steps, advancing the step; losses as doubles when
     * {@code log}, else empty. The last critic update reuses the network step's phases
     * (detached): they do not depend on critic weights, so one sampling pass serves both.
     */
    public Map<String, Double> trainStep(boolean log) {
        applySchedule();
        Tensor all = s.batches.images(step); // (B, C, H, W)
        return parallel == null ? update(all, log) : parallel.step(all, x -> update(x, log));
    }

    private Map<String, Double> update(Tensor x, boolean log) {
        int nCritic = s.config.optimiser().nCritic();
        for (int k = 0; k < nCritic - 1; k++) {
            try (NoGradGuard g = new NoGradGuard()) {
                criticStep(StepTimes.time("sample", () -> sample(x)), step * nCritic + k);
            }
        }
        Phases phases = StepTimes.time("sample", () -> sample(x));
        Losses critic = criticStep(phases.detached(), step * nCritic + nCritic - 1);
        Map<String, Double> shares = new LinkedHashMap<>();
        Losses network = networkStep(phases, log && s.config.run().gradientShares() ? shares : null);
        step++;
        Map<String, Double> out = new LinkedHashMap<>();
        if (log && skipped > 0) out.put("skipped_updates", (double) skipped);
        if (log) {
            out.put("critic.loss", critic.total().item_double());
            out.putAll(critic.values());
            out.put("network.loss", network.total().item_double());
            out.putAll(network.values());
            out.putAll(shares);
        }
        return out;
    }

    /** Training's phases, reading back true frames at the share the recipe schedules ({@link Recipe#truthShare}). */
    private Phases sample(Tensor x) {
        return Phases.sample(s.model, x, s.objective.needsSleep(), s.objective.needsOscillation(), topDownSource(),
                s.recipe.truthShare(s.config, step, s.scheduleSteps()));
    }

    /** The layer whose wake activity starts this step's top-down pass (0: none), as the recipe chooses ({@link Recipe#topDownSource}). */
    private int topDownSource() {
        if (!s.objective.needsTopDown()) return 0;
        return s.recipe.topDownSource(s.config, step, s.model.layerNames().size() - 1);
    }

    /** Averages the gradients of {@code params} over the group; with one process it does not even list them. */
    private void average(Supplier<List<Tensor>> params) {
        if (parallel != null) parallel.average(params.get());
    }

    /**
     * Critic update {@code update} (counted over the whole run) on phases that carry no graph;
     * with {@code --penalty-every k} only every k-th update computes the penalty, at k·λ.
     */
    private Losses criticStep(Phases phases, long update) {
        int every = s.config.terms().penaltyEvery();
        double penaltyScale = update % every == 0 ? every : 0;
        return Steps.critic(s.objective, phases, penaltyScale, s.optimizers.critics(), l -> finite(l, "critic"),
                () -> average(s::criticParameters));
    }

    /**
     * Update of q and p against frozen critics; with {@code shares}, first each weighted term's
     * part of their gradients ({@link GradientShares}) into it.
     */
    private Losses networkStep(Phases phases, Map<String, Double> shares) {
        return Steps.network(s.objective, phases, List.of(s.optimizers.inference(), s.optimizers.generation()),
                l -> {
                    if (!finite(l, "network")) return false;
                    if (shares != null) {
                        Map<String, List<Tensor>> networks = new LinkedHashMap<>();
                        networks.put("inference", s.model.inference().parameters());
                        networks.put("generation", s.model.generation().parameters());
                        shares.putAll(GradientShares.measure(l, networks));
                    }
                    return true;
                }, () -> {
                    average(s.model.inference()::parameters);
                    average(s.model.generation()::parameters);
                    if (s.config.optimiser().clipNorm() > 0) {
                        torch.clip_grad_norm_(new TensorVector(s.model.inference().parameters().toArray(new Tensor[0])), s.config.optimiser().clipNorm());
                        torch.clip_grad_norm_(new TensorVector(s.model.generation().parameters().toArray(new Tensor[0])), s.config.optimiser().clipNorm());
                    }
                });
    }

    /**
     * Whether an update's loss is finite (one scalar read per update). If not, stops with
     * the first non-finite term named, or with {@code --on-divergence skip-step} counts the
     * update as skipped and lets the caller drop it.
     */
    private boolean finite(Losses losses, String side) {
        if (Double.isFinite(losses.total().item_double())) return true;
        String term = side + ".loss";
        for (Map.Entry<String, Double> e : losses.values().entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                term = e.getKey() + " = " + e.getValue();
                break;
            }
        }
        if (s.config.run().onDivergence() == Choices.OnDivergence.SKIP_STEP) {
            skipped++;
            return false;
        }
        throw new Diverged("training diverged at step " + (step + 1) + ": " + term + "; " + kept()
                + " (lower the learning rate, or --on-divergence skip-step to drop such updates)");
    }

    private String kept() {
        return lastCheckpoint > 0 ? "the last good checkpoint (step " + lastCheckpoint + ") is kept" : "no checkpoint was written";
    }

    /** Refuses to checkpoint weights that are no longer finite. */
    private void requireFiniteWeights() {
        try (PointerScope scope = new PointerScope()) {
            for (Map.Entry<String, Module> m : s.modules.entrySet()) {
                for (Map.Entry<String, Tensor> p : m.getValue().stateDict().entrySet()) {
                    if (!torch.isfinite(p.getValue()).all().item_bool()) {
                        throw new Diverged("training diverged by step " + step + ": weight " + m.getKey() + "." + p.getKey()
                                + " is not finite; " + kept());
                    }
                }
            }
        }
    }

    private void applySchedule() {
        TrainConfig c = s.config;
        double f = Schedule.lrFactor(step, s.scheduleSteps(), c.optimiser().decayStart(), c.optimiser().decayEnd(), c.optimiser().decayFactor());
        if (f == lrFactor) return;
        lrFactor = f;
        s.optimizers.inference().setLearningRate(c.optimiser().lrInference() * f);
        s.optimizers.generation().setLearningRate(c.optimiser().lrGeneration() * f);
        s.optimizers.critics().setLearningRate(c.optimiser().lrCritic() * f);
    }

    private void checkpoint() throws IOException {
        requireFiniteWeights();
        Checkpoint.save(run.path(), step, step / s.batches.stepsPerEpoch(), s.config,
                s.data.train().provenance(), s.modules, s.optimizers.byName());
        lastCheckpoint = step;
    }

    /** Hands a snapshot (grids) to the listener. */
    private void writeGrids(String name) throws IOException {
        if (run == null) return;
        aside(() -> {
            try (PointerScope scope = new PointerScope()) {
                listener.onSnapshot(s.trained(), run.path(), name);
            }
        });
    }

    /**
     * The listener's evaluation, logged as eval.*. No pointer scope here: a listener may
     * build objects that outlive the call (a cached classifier); evaluation scopes its batches.
     */
    private void evaluate() throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        aside(() -> listener.evaluate(s.trained()).forEach((k, v) -> values.put("eval." + k, v)));
        run.appendMetrics(step, step / (double) s.batches.stepsPerEpoch(), lrFactor, values);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Runs listener work without grad, leaving the training noise stream untouched. */
    private static void aside(IoAction action) throws IOException {
        IOException[] failure = new IOException[1];
        Rng.preserving(() -> {
            try (NoGradGuard g = new NoGradGuard()) {
                action.run();
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
    }

    private static Map<String, Double> summary(Map<String, Double> values) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.endsWith(".loss") || k.endsWith(".distance") && k.startsWith("critic")) out.put(k, v);
        });
        return out;
    }

}
