package dev.phasic.models;

import dev.phasic.nn.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A Wasserstein critic: scores a population's activity (higher = more wake-like) and
 * exposes its hidden features φ (every hidden layer, concatenated) for the learned-metric
 * term of Eq. 7.
 */
public interface Critic {
    /** (B, …) → score (B) and features (B, F). */
    Scored forward(Tensor input);

    /**
     * Whether a row's score depends on the other rows of its batch (batch normalisation).
     * Such a critic is a different function on every batch, so its gradient penalty must
     * be taken on interpolates scored in the same batch as the phases it separates.
     */
    default boolean batchStatistics() {
        return false;
    }

    /** The critic as a module, for optimisers and checkpoints. */
    Module module();

    record Scored(Tensor score, Tensor features) {}
}
