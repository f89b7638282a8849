package dev.phasic.models;

import dev.phasic.nn.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A Wasserstein critic: scores a population's activity (higher = more wake-like) and
 * exposes its penultimate features φ for the learned-metric term of Eq. 7.
 */
public interface Critic {
    /** (B, …) → score (B) and features (B, F). */
    Scored forward(Tensor input);

    /** The critic as a module, for optimisers and checkpoints. */
    Module module();

    record Scored(Tensor score, Tensor features) {}
}
