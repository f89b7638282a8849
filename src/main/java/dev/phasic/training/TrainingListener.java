package dev.phasic.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What later packages (report, evaluation) do during training, without training
 * depending on them. The trainer calls these outside step scopes, without grad, and
 * restores the noise stream afterwards, so listeners never change what is learned.
 */
public interface TrainingListener {
    /** At each epoch end ({@code epoch-0003}) and at the end of training ({@code step-00001234}). */
    default void onSnapshot(Trained trained, Path runDir, String name) throws IOException {}

    /** Every {@code evalEvery} steps: metrics to log into metrics.jsonl. */
    default Map<String, Double> evaluate(Trained trained) throws IOException {
        return Map.of();
    }

    TrainingListener NONE = new TrainingListener() {};
}
