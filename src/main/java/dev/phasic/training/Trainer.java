package dev.phasic.training;

import dev.phasic.objectives.Losses;
import dev.phasic.objectives.Phases;
import dev.phasic.torch.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The training loop (DESIGN §2): per step, {@code n_critic} critic updates on detached
 * phases, then one update of q and p against frozen critics, then logging. Each step
 * runs in its own pointer scope, so native memory stays flat.
 */
public final class Trainer {
    private final Session s;
    private final RunDirectory run; // null when benchmarking
    private final TrainingListener listener;
    private long step;
    private double lrFactor = Double.NaN;

    public Trainer(Session session, RunDirectory run, long startStep) {
        this(session, run, startStep, TrainingListener.NONE);
    }

    public Trainer(Session session, RunDirectory run, long startStep, TrainingListener listener) {
        this.s = session;
        this.run = run;
        this.step = startStep;
        this.listener = listener;
    }

    public long step() {
        return step;
    }

    /** Trains up to the configured total, writing metrics, grids and checkpoints. */
    public void run(PrintStream console) throws IOException {
        long total = s.totalSteps();
        int perEpoch = s.batches.stepsPerEpoch();
        Progress progress = new Progress(console, step, total);
        long lastCheckpoint = step;
        while (step < total) {
            boolean log = (step + 1) % s.config.logEvery() == 0 || step + 1 == total;
            Map<String, Double> values;
            try (PointerScope scope = new PointerScope()) {
                values = trainStep(log);
            }
            if (log) {
                run.appendMetrics(step, step / (double) perEpoch, lrFactor, values);
                progress.update(step, summary(values));
            }
            if (step % perEpoch == 0) writeGrids(String.format("epoch-%04d", step / perEpoch));
            if (s.config.evalEvery() > 0 && (step % s.config.evalEvery() == 0 || step == total)) evaluate();
            if (step % s.config.checkpointEvery() == 0 || step == total) {
                checkpoint();
                lastCheckpoint = step;
            }
        }
        if (lastCheckpoint != step) checkpoint();
        if (step % perEpoch != 0) writeGrids(String.format("step-%08d", step));
        progress.finish();
    }

    /**
     * One network step with its critic steps, advancing the step; losses as doubles when
     * {@code log}, else empty. The last critic update reuses the network step's phases
     * (detached): they do not depend on critic weights, so one sampling pass serves both.
     */
    public Map<String, Double> trainStep(boolean log) {
        applySchedule();
        Tensor x = s.batches.images(step); // (B, C, H, W)
        for (int k = 0; k < s.config.nCritic() - 1; k++) {
            try (NoGradGuard g = new NoGradGuard()) {
                criticStep(sample(x));
            }
        }
        Phases phases = sample(x);
        Losses critic = criticStep(phases.detached());
        Losses network = networkStep(phases);
        step++;
        Map<String, Double> out = new LinkedHashMap<>();
        if (log) {
            out.put("critic.loss", critic.total().item_double());
            out.putAll(critic.values());
            out.put("network.loss", network.total().item_double());
            out.putAll(network.values());
        }
        return out;
    }

    /** Training's phases: the video model reads back true frames at the scheduled share. */
    private Phases sample(Tensor x) {
        s.model.truthShare(Schedule.truthShare(step, s.totalSteps(), s.config.truthDecay()));
        try {
            return Phases.sample(s.model, x, s.objective.needsSleep(), s.objective.needsOscillation());
        } finally {
            s.model.truthShare(0);
        }
    }

    /** Critic update on phases that carry no graph. */
    private Losses criticStep(Phases phases) {
        Adam opt = s.optimizers.get("critics");
        opt.zero_grad();
        Losses losses;
        try (org.bytedeco.pytorch.AutoGradMode on = new org.bytedeco.pytorch.AutoGradMode(true)) {
            losses = s.objective.criticLoss(phases);
            losses.total().backward();
        }
        opt.step();
        return losses;
    }

    /** Update of q and p against frozen critics. */
    private Losses networkStep(Phases phases) {
        s.freezeCritics(true);
        try {
            Adam inference = s.optimizers.get("inference");
            Adam generation = s.optimizers.get("generation");
            inference.zero_grad();
            generation.zero_grad();
            Losses losses = s.objective.networkLoss(phases);
            losses.total().backward();
            if (s.config.clipNorm() > 0) {
                torch.clip_grad_norm_(new TensorVector(s.model.inference().parameters().toArray(new Tensor[0])), s.config.clipNorm());
                torch.clip_grad_norm_(new TensorVector(s.model.generation().parameters().toArray(new Tensor[0])), s.config.clipNorm());
            }
            inference.step();
            generation.step();
            return losses;
        } finally {
            s.freezeCritics(false);
        }
    }

    private void applySchedule() {
        TrainConfig c = s.config;
        double f = Schedule.lrFactor(step, s.totalSteps(), c.decayStart(), c.decayEnd(), c.decayFactor());
        if (f == lrFactor) return;
        lrFactor = f;
        Adams.setLearningRate(s.optimizers.get("inference"), c.lrInference() * f);
        Adams.setLearningRate(s.optimizers.get("generation"), c.lrGeneration() * f);
        Adams.setLearningRate(s.optimizers.get("critics"), c.lrCritic() * f);
    }

    private void checkpoint() throws IOException {
        Checkpoint.save(run.path(), step, step / s.batches.stepsPerEpoch(), s.config,
                s.data.train().provenance(), s.modules, s.optimizers);
    }

    /** Hands a snapshot (grids) to the listener. */
    private void writeGrids(String name) throws IOException {
        if (run == null) return;
        aside(() -> {
            try (PointerScope scope = new PointerScope()) {
                listener.onSnapshot(s, run.path(), name);
            }
        });
    }

    /**
     * The listener's evaluation, logged as eval.*. No pointer scope here: a listener may
     * build objects that outlive the call (a cached classifier); evaluation scopes its batches.
     */
    private void evaluate() throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        aside(() -> listener.evaluate(s).forEach((k, v) -> values.put("eval." + k, v)));
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
