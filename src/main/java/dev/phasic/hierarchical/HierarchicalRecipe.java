package dev.phasic.hierarchical;

import dev.phasic.training.Recipe;
import dev.phasic.training.TrainConfig;
import dev.phasic.data.Datasets;
import dev.phasic.data.Mnist;
import dev.phasic.models.ConvCritic;
import dev.phasic.models.Critic;
import dev.phasic.models.MlpCritic;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.objectives.Objectives;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Device;

/**
 * Architecture B (docs/DESIGN.md §3B): the hierarchical stochastic DCGAN with one local critic
 * per layer (input + 5), trained with Eq. 8 and the top-down term by default; CIFAR-10,
 * image folders or MNIST-format data at {@code imageSize} (the embedded digits padded
 * to 32×32).
 */
public final class HierarchicalRecipe implements Recipe {
    @Override
    public String name() {
        return "hierarchical";
    }

    @Override
    public Class<HierarchyOptions> options() {
        return HierarchyOptions.class;
    }

    /** {@code --hidden} sizes the global wake-sleep critic only. */
    @Override
    public boolean reads(String option, ObjectiveKind objective) {
        return !option.equals("hidden") || objective == ObjectiveKind.WAKE_SLEEP;
    }

    /**
     * A quarter of the paper's channels with LeakyReLU samples, layer-wide critics and the
     * top-down term, trained for 5000 steps with the penalty on every 4th critic update
     * and the learning rate decayed late (80–90% of the plan): about 13 minutes on 2 cores through the launcher;
     * agreement through z 0.905 against the earlier 10,000-step plan's 0.922 (docs/METHODS.md,
     * "A default run in half the time"). {@code --steps 10000 --penalty-every 1 --decay-start 0.5
     * --decay-end 0.625} is that plan.
     */
    @Override
    public Map<String, Object> defaults() {
        return Map.of("steps", 5000L, "penaltyEvery", 4, "decayStart", 0.8, "decayEnd", 0.9,
                "width", 0.25, "hiddenActivation", HierarchyOptions.HiddenActivation.LEAKY,
                "topDownBeta", 1.0, "topDownSources", HierarchyOptions.TopDownSources.CYCLE, "criticWidth", HierarchyOptions.CriticWidth.LAYER);
    }

    /** With {@code --minibatch-std} the critics read their batch's spread. */
    @Override
    public Optional<String> batchStatistics(TrainConfig config) {
        return config.architecture(HierarchyOptions.class).minibatchStd() ? Optional.of("--minibatch-std") : Optional.empty();
    }

    @Override
    public String heading() {
        return "Architecture B (hierarchical)";
    }

    /** Eq. 7/8 with the top-down term ({@code --top-down-beta}) and the critics' drift ({@code --critic-drift}). */
    @Override
    public Objectives.Local localSettings(TrainConfig config) {
        return Recipe.sharedTerms(config, true).withTopDown(config.architecture(HierarchyOptions.class).topDownBeta(), config.architecture(HierarchyOptions.class).criticDrift());
    }

    /**
     * With {@code --top-down-sources cycle}, every layer from the top down to h2 in turn (h1's
     * pass is the oscillation pair itself); else the top layer.
     */
    @Override
    public int topDownSource(TrainConfig config, long step, int top) {
        if (config.architecture(HierarchyOptions.class).topDownSources() != HierarchyOptions.TopDownSources.CYCLE || top < 2) return top;
        return top - (int) (step % (top - 1));
    }

    @Override
    public Mnist.Splits data(TrainConfig config) {
        return Datasets.load(config.run().data(), config.network().imageSize(), name());
    }

    @Override
    public Built build(TrainConfig config, int[] imageShape, Device device) {
        HierarchicalConv model = new HierarchicalConv(
                HierarchicalConv.Shape.paper(imageShape[0], config.network().imageSize(), config.network().width(), config.network().stdBias(),
                        config.architecture(HierarchyOptions.class).hiddenActivation() == HierarchyOptions.HiddenActivation.LEAKY), device);
        HierarchicalConv.Shape s = model.shape();
        int h1 = Math.max(1, (int) Math.round(64 * config.network().width())), h2 = Math.max(1, (int) Math.round(128 * config.network().width()));
        Objective objective = Objectives.create(config.objective(), () -> {
            long joint = 0;
            for (int l = 0; l <= s.layers(); l++) joint += (long) s.channelsOf(l) * s.size(l) * s.size(l);
            return new MlpCritic(joint, config.network().hidden(), device);
        }, () -> {
            Map<String, Critic> critics = new LinkedHashMap<>();
            List<String> names = model.layerNames();
            for (int l = 0; l <= s.layers(); l++) {
                boolean layerWide = config.architecture(HierarchyOptions.class).criticWidth() == HierarchyOptions.CriticWidth.LAYER;
                int c1 = layerWide ? Math.max(h1, s.channelsOf(l)) : h1, c2 = layerWide ? Math.max(h2, s.channelsOf(l)) : h2;
                int group = config.architecture(HierarchyOptions.class).minibatchStd() ? config.optimiser().batchSize() : 0;
                critics.put(names.get(l), new ConvCritic(s.channelsOf(l), s.size(l), c1, c2, group, device));
            }
            return critics;
        }, localSettings(config));
        return new Built(model, model, objective);
    }
}
