package dev.phasic.examples.dale;

import dev.phasic.data.Mnist;
import dev.phasic.models.Critic;
import dev.phasic.models.MlpCritic;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.Objectives;
import dev.phasic.training.Recipe;
import dev.phasic.training.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;

/**
 * The {@code dale-recurrent} recipe: {@link DaleRecurrentMlp} on MNIST-format digits with any of
 * Phasic's three objectives and architecture A's critics. Listed in
 * {@code META-INF/services/dev.phasic.training.Recipe}, so Phasic finds it on the class path.
 */
public final class DaleRecipe implements Recipe {
    @Override
    public String name() {
        return "dale-recurrent";
    }

    @Override
    public Class<DaleOptions> options() {
        return DaleOptions.class;
    }

    @Override
    public String heading() {
        return "Dale's law recurrent MLP (dale-recurrent, a plug-in)";
    }

    @Override
    public Mnist.Splits data(TrainConfig config) {
        return Mnist.load(config.run().data(), name()); // the embedded digits or an MNIST folder
    }

    @Override
    public Built build(TrainConfig config, int[] imageShape, Device device) {
        DaleOptions own = config.architecture(DaleOptions.class);
        int inputSize = imageShape[0] * imageShape[1] * imageShape[2];
        int hidden = config.network().hidden();
        DaleRecurrentMlp model = new DaleRecurrentMlp(inputSize, hidden, own, config.network().stdBias(), device);
        // architecture A's critics: one on the joint state (Eq. 4) or one per layer (Eq. 7 and 8);
        // Objectives.create calls only the supplier its objective needs
        Objective objective = Objectives.create(config.objective(),
                () -> new MlpCritic(inputSize + own.population(), hidden, device),
                () -> {
                    Map<String, Critic> critics = new LinkedHashMap<>(); // one per layer, input first
                    critics.put("x", new MlpCritic(inputSize, hidden, device));
                    critics.put("z", new MlpCritic(own.population(), hidden, device));
                    return critics;
                }, localSettings(config));
        return new Built(model, model, objective);
    }
}
