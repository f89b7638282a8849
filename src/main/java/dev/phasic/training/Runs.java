package dev.phasic.training;

import dev.phasic.io.Json;

import dev.phasic.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens existing runs: for inference (sample, reconstruct) or to continue training. */
public final class Runs {
    private Runs() {}

    /** The session of a run with its latest weights; architecture comes from the checkpoint. */
    public static Session load(Path runDir, String device) throws IOException {
        Path checkpoint = Checkpoint.latest(runDir);
        Checkpoint.State state = Checkpoint.readState(checkpoint);
        TrainConfig config = device == null ? state.config() : state.config().withDevice(device);
        Session session = new Session(config);
        Checkpoint.loadWeights(checkpoint, session.modules);
        return session;
    }

    /**
     * A trainer that continues a run exactly where its latest checkpoint stopped:
     * weights, optimiser moments, step and RNG state. {@code steps}/{@code epochs}
     * (null to keep) set the new total length.
     */
    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device) throws IOException {
        return resume(runDir, steps, epochs, device, TrainingListener.NONE);
    }

    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device, TrainingListener listener)
            throws IOException {
        return resume(runDir, steps, epochs, device, listener, true);
    }

    /**
     * As above; {@code writer = false} (a rank other than 0 of a group) reads the run's state
     * without opening, locking or changing its directory, and trains without one.
     */
    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device, TrainingListener listener,
                                 boolean writer) throws IOException {
        if (!Files.isRegularFile(runDir.resolve("config.json"))) {
            throw new UserError("not a run directory (no config.json): " + runDir);
        }
        if (!Checkpoint.hasCheckpoint(runDir)) {
            // stopped before its first checkpoint: nothing to continue, so start its configuration over
            TrainConfig config = withChanges(Json.read(runDir.resolve("config.json"), TrainConfig.class), steps, epochs, device);
            RunDirectory run = writer ? RunDirectory.open(runDir, 0) : null;
            Session session = new Session(config);
            if (writer) run.writeConfig(config);
            return new Trainer(session, run, 0, listener);
        }
        Path checkpoint = Checkpoint.latest(runDir);
        Checkpoint.State state = Checkpoint.readState(checkpoint);
        TrainConfig config = withChanges(state.config(), steps, epochs, device);
        RunDirectory run = writer ? RunDirectory.open(runDir, state.step()) : null;
        Session session = new Session(config);
        if (session.totalSteps() <= state.step()) {
            throw new UserError("the run is already at step " + state.step() + " of " + session.totalSteps()
                    + "; --steps and --epochs set the total length, so give more than " + state.step() + " steps");
        }
        long plan = state.config().scheduleSteps(session.batches.stepsPerEpoch());
        boolean begun = state.step() > config.decayStart() * plan || config.truthDecay() > 0;
        if (session.scheduleSteps() != plan && begun) {
            // a schedule already under way keeps its plan: extending a run never replays a decay
            session = new Session(config.withScheduleSteps(plan));
        }
        Checkpoint.loadWeights(checkpoint, session.modules);
        Checkpoint.loadOptimizers(checkpoint, session.optimizers);
        Checkpoint.restoreRng(state);
        if (writer) run.writeConfig(session.config);
        return new Trainer(session, run, state.step(), listener);
    }

    private static TrainConfig withChanges(TrainConfig config, Long steps, Integer epochs, String device) {
        if (steps != null || epochs != null) {
            config = config.withLength(steps == null ? 0 : steps, epochs == null ? 0 : epochs);
        }
        return device == null ? config : config.withDevice(device);
    }
}
