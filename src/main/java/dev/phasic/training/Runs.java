package dev.phasic.training;

import dev.phasic.EnvironmentFault;
import dev.phasic.UserError;
import dev.phasic.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Opens existing runs: for inference (sample, reconstruct) or to continue training. */
public final class Runs {
    private Runs() {}

    /**
     * The session of a run with the weights of its newest intact checkpoint; architecture
     * comes from the checkpoint. A damaged newer one is skipped (left where it is) with a
     * line on stderr.
     */
    public static Session load(Path runDir, String device) throws IOException {
        return load(runDir, device, 0);
    }

    /** As {@link #load(Path, String)} with {@code threads} intra-op threads in place of the run's (0: the run's). */
    public static Session load(Path runDir, String device, int threads) throws IOException {
        if (threads < 0) throw new UserError("--threads must be ≥ 0, found " + threads);
        return newestIntact(runDir, false, (checkpoint, state) -> {
            TrainConfig config = device == null ? state.config() : state.config().withDevice(device);
            if (threads > 0) config = config.with("threads", threads);
            Session session = new Session(config);
            Checkpoint.loadWeights(checkpoint, session.modules);
            return session;
        });
    }

    /** What is built from one verified checkpoint and its state; {@link Checkpoint.Damaged} when a file fails to load. */
    private interface Opening<T> {
        T open(Path checkpoint, Checkpoint.State state) throws IOException;
    }

    /**
     * {@code opening} of the newest checkpoint that verifies and loads, newest first. Each
     * damaged one passed over is one line on stderr and, when {@code setAside} (a resume),
     * moved to {@code step-N.damaged}; none is moved when no intact one is left, which is
     * one line and exit 3.
     */
    private static <T> T newestIntact(Path runDir, boolean setAside, Opening<T> opening) throws IOException {
        List<Path> damaged = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (Path checkpoint : Checkpoint.complete(runDir)) {
            T opened;
            try {
                opened = opening.open(checkpoint, Checkpoint.verify(checkpoint));
            } catch (Checkpoint.Damaged d) {
                damaged.add(checkpoint);
                why.add(d.getMessage());
                continue;
            }
            for (int i = 0; i < damaged.size(); i++) {
                String moved = "";
                if (setAside) moved = "; moved aside to " + runDir.relativize(Checkpoint.setAside(damaged.get(i)));
                System.err.println("phasic: checkpoint damaged: " + why.get(i) + moved + "; "
                        + (setAside ? "resuming from " : "reading ") + checkpoint.getFileName());
            }
            return opened;
        }
        throw new EnvironmentFault("no intact checkpoint in " + runDir.resolve("checkpoints") + " ("
                + String.join("; ", why) + "); nothing was moved or deleted");
    }

    /**
     * Options a resumed run may change besides its length and device: {@code gradientShares} only
     * adds measurements, and {@code threads} is the machine's (as another device, it sums in
     * another order, so the run's later digits differ from an uninterrupted one's). Once given,
     * the run's configuration keeps them for later resumes.
     */
    public static final Set<String> CHANGEABLE = Set.of("gradientShares", "threads");

    /**
     * A trainer that continues a run exactly where its latest checkpoint stopped:
     * weights, optimiser moments, step and RNG state. {@code steps}/{@code epochs}
     * (null to keep) set the new total length.
     */
    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device) throws IOException {
        return resume(runDir, steps, epochs, device, TrainingListener.NONE, true);
    }

    /**
     * As above, telling {@code listener} of snapshots and evaluations; {@code writer = false} (a rank other than 0 of a group) reads the run's state
     * without opening, locking or changing its directory, and trains without one.
     */
    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device, TrainingListener listener,
                                 boolean writer) throws IOException {
        return resume(runDir, steps, epochs, device, Map.of(), listener, writer);
    }

    /**
     * As above, also changing {@code changes}: options that leave what trains as it was
     * ({@link #CHANGEABLE}: {@code gradientShares}, {@code threads}).
     */
    public static Trainer resume(Path runDir, Long steps, Integer epochs, String device, Map<String, Object> changes,
                                 TrainingListener listener, boolean writer) throws IOException {
        if (!CHANGEABLE.containsAll(changes.keySet())) {
            throw new UserError("--resume may change only the length, the machine and what is measured, not what trains: " + changes.keySet());
        }
        if (!Files.isRegularFile(runDir.resolve("config.json"))) {
            throw new UserError("not a run directory (no config.json): " + runDir);
        }
        if (!Checkpoint.hasCheckpoint(runDir)) {
            // stopped before its first checkpoint: nothing to continue, so start its configuration over
            TrainConfig config = withChanges(Json.read(runDir.resolve("config.json"), TrainConfig.class), steps, epochs, device, changes);
            RunDirectory run = writer ? RunDirectory.open(runDir, 0) : null;
            Session session = new Session(config);
            if (writer) run.writeConfig(config);
            return new Trainer(session, run, 0, listener);
        }
        if (writer) RunLock.acquire(runDir);                              // before a damaged checkpoint is moved
        // ranks other than 0 only read: rank 0 moves what is damaged, and all read the same intact one
        Resumed resumed = newestIntact(runDir, writer, (checkpoint, state) -> {
            TrainConfig config = withChanges(state.config(), steps, epochs, device, changes);
            Session session = new Session(config);
            if (session.totalSteps() <= state.step()) {
                throw new UserError("the run is already at step " + state.step() + " of " + session.totalSteps()
                        + "; --steps and --epochs set the total length, so give more than " + state.step() + " steps");
            }
            long plan = state.config().scheduleSteps(session.batches.stepsPerEpoch());
            boolean begun = state.step() > config.optimiser().decayStart() * plan || session.recipe.scheduledFromStart(config);
            if (session.scheduleSteps() != plan && begun) {
                // a schedule already under way keeps its plan: extending a run never replays a decay
                session = session.replanned(plan);
            }
            Checkpoint.loadWeights(checkpoint, session.modules);
            Checkpoint.loadOptimizers(checkpoint, session.optimizers.byName());
            return new Resumed(state, session);
        });
        RunDirectory run = writer ? RunDirectory.open(runDir, resumed.state.step()) : null;
        Checkpoint.restoreRng(resumed.state);
        if (writer) run.writeConfig(resumed.session.config);
        return new Trainer(resumed.session, run, resumed.state.step(), listener);
    }

    private record Resumed(Checkpoint.State state, Session session) {}

    private static TrainConfig withChanges(TrainConfig config, Long steps, Integer epochs, String device, Map<String, Object> changes) {
        if (steps != null || epochs != null) {
            config = config.withLength(steps == null ? 0 : steps, epochs == null ? 0 : epochs);
        }
        if (!changes.isEmpty()) config = config.with(changes);
        return device == null ? config : config.withDevice(device);
    }
}
