package dev.phasic.recurrent;

import dev.phasic.training.Recipe;
import dev.phasic.training.TrainConfig;
import dev.phasic.data.Mnist;
import dev.phasic.models.Critic;
import dev.phasic.models.MlpCritic;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.objectives.Objectives;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;

/** Architecture A on MNIST-format digits (docs/DESIGN.md §3A) with any of the three objectives. */
public final class MnistRecurrentRecipe implements Recipe {
    @Override
    public String name() {
        return "mnist-recurrent";
    }

    @Override
    public Class<MlpOptions> options() {
        return MlpOptions.class;
    }

    /** An MLP on flattened images: no channels to widen, and the images' own size. */
    @Override
    public boolean reads(String option, ObjectiveKind objective) {
        return !option.equals("width") && !option.equals("imageSize");
    }

    @Override
    public String heading() {
        return "Architecture A (mnist-recurrent)";
    }

    @Override
    public Mnist.Splits data(TrainConfig config) {
        return Mnist.load(config.run().data(), name());
    }

    @Override
    public Built build(TrainConfig config, int[] imageShape, Device device) {
        int inputSize = imageShape[0] * imageShape[1] * imageShape[2];
        RecurrentMlp model = new RecurrentMlp(
                new RecurrentMlp.Shape(inputSize, config.network().hidden(), config.architecture(MlpOptions.class).latent(), config.architecture(MlpOptions.class).recurrent(), config.network().stdBias()),
                device);
        Objective objective = Objectives.create(config.objective(),
                () -> new MlpCritic(inputSize + config.architecture(MlpOptions.class).latent(), config.network().hidden(), device),
                () -> {
                    Map<String, Critic> critics = new LinkedHashMap<>();
                    critics.put("x", new MlpCritic(inputSize, config.network().hidden(), device));
                    critics.put("z", new MlpCritic(config.architecture(MlpOptions.class).latent(), config.network().hidden(), device));
                    return critics;
                }, localSettings(config));
        return new Built(model, model, objective);
    }
}
