package dev.phasic.training;

import dev.phasic.data.Mnist;
import dev.phasic.models.Critic;
import dev.phasic.models.HierarchicalModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;

/**
 * A run's networks as evaluation, reports and experiments see them: its configuration and
 * recipe, the device, the data, the model and its critics — read, never trained (no
 * optimisers, no batch stream). {@link Session#trained()} gives it.
 */
public record Trained(TrainConfig config, Recipe recipe, Device device, Mnist.Splits data, HierarchicalModel model,
                      Map<String, Critic> critics) {
    public Trained {
        critics = Collections.unmodifiableMap(new LinkedHashMap<>(critics));   // in the objective's order
    }
}
