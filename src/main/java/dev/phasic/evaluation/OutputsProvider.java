package dev.phasic.evaluation;

import dev.phasic.training.Trained;
import java.util.Optional;

/**
 * What shows and measures the outputs of a model that are not still images, found on the
 * class path through {@link java.util.ServiceLoader} (each jar lists its own in
 * {@code META-INF/services/dev.phasic.evaluation.OutputsProvider}): recipes live below
 * evaluation, so an architecture's outputs are offered here, beside its measurements.
 */
public interface OutputsProvider {
    /** The outputs of {@code s}'s model, or empty when this provider does not know that model. */
    Optional<Outputs> of(Trained s);
}
