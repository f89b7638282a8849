package dev.phasic.training;

import dev.phasic.torch.FusedAdam;

import dev.phasic.data.BatchSource;
import dev.phasic.data.Mnist;
import dev.phasic.models.Critic;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.models.LocalCredit;
import dev.phasic.nn.Module;
import dev.phasic.objectives.Objective;
import dev.phasic.torch.Devices;
import dev.phasic.torch.Native;
import dev.phasic.torch.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The long-lived objects of a run, built once outside any pointer scope: device,
 * data on the device, model, objective with its critics, and the three optimisers
 * (inference, generation, critics). Seeding happens here, before any weight exists.
 */
public final class Session {
    public final TrainConfig config;
    public final Recipe recipe;
    public final Device device;
    public final Mnist.Splits data;
    public final BatchSource batches;
    public final HierarchicalModel model;
    public final Objective objective;
    public final Map<String, Module> modules;
    public final Optimizers optimizers;
    private final Trained trained;

    /** One Adam per network: q, p and every critic together. */
    public record Optimizers(FusedAdam inference, FusedAdam generation, FusedAdam critics) {
        /** By the names their checkpoint archives carry ({@code optimizer-<name>.pt}). */
        public Map<String, FusedAdam> byName() {
            Map<String, FusedAdam> out = new LinkedHashMap<>();
            out.put("inference", inference);
            out.put("generation", generation);
            out.put("critics", critics);
            return out;
        }
    }

    public Session(TrainConfig config) {
        this(config, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * As above, with the recipe's data passed through {@code dataFilter} (an experiment that
     * trains on some classes) and its model through {@code wrap} (an experiment that
     * perturbs a phase), before anything is sampled.
     */
    public Session(TrainConfig config, UnaryOperator<Mnist.Splits> dataFilter, UnaryOperator<HierarchicalModel> wrap) {
        Native.init();
        this.config = config;
        if (config.run().threads() > 0) torch.set_num_threads(config.run().threads());
        this.device = Devices.parse(config.run().device());
        this.recipe = Recipe.of(config.recipe());
        this.data = dataFilter.apply(recipe.data(config));
        Rng.seed(config.run().seed());
        Recipe.Built built = recipe.build(config, recipe.inputShape(config, data), device);
        this.model = wrap.apply(credited(built.model(), config.terms().credit()));
        this.objective = built.objective();
        this.modules = new LinkedHashMap<>();
        modules.put("model", built.modelModule());
        objective.critics().forEach((name, c) -> modules.put("critics." + name, c.module()));
        OptimiserOptions o = config.optimiser();
        this.optimizers = new Optimizers(
                new FusedAdam(model.inference().parameters(), o.lrInference(), o.adamBeta1(), o.adamBeta2(), o.weightDecay()),
                new FusedAdam(model.generation().parameters(), o.lrGeneration(), o.adamBeta1(), o.adamBeta2(), o.weightDecay()),
                new FusedAdam(criticParameters(), o.lrCritic(), o.adamBeta1(), o.adamBeta2(), o.weightDecay()));
        this.batches = recipe.batches(config, data, device);
        this.trained = new Trained(config, recipe, device, data, model, objective.critics());
    }

    /** The same objects under another configuration that changes none of them ({@link #replanned}). */
    private Session(Session s, TrainConfig config) {
        this.config = config;
        this.recipe = s.recipe;
        this.device = s.device;
        this.data = s.data;
        this.batches = s.batches;
        this.model = s.model;
        this.objective = s.objective;
        this.modules = s.modules;
        this.optimizers = s.optimizers;
        this.trained = new Trained(config, recipe, device, data, model, objective.critics());
    }

    /** {@code model} as {@code --credit} trains it: whole, or with its conditionals cut apart ({@link LocalCredit}). */
    static HierarchicalModel credited(HierarchicalModel model, Choices.Credit credit) {
        return credit == Choices.Credit.BACKPROP ? model : LocalCredit.of(model, credit == Choices.Credit.LOCAL_LOOP);
    }

    /** The read-only view evaluation and reports take: everything but the optimisers and the batches. */
    public Trained trained() {
        return trained;
    }

    /** This session with its schedules planned over {@code steps} (a resumed run keeps its plan); nothing is rebuilt. */
    public Session replanned(long steps) {
        return new Session(this, config.withScheduleSteps(steps));
    }

    public List<Tensor> criticParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Critic c : objective.critics().values()) out.addAll(c.module().parameters());
        return out;
    }

    public long totalSteps() {
        return config.totalSteps(batches.stepsPerEpoch());
    }

    /** The length the learning-rate and truth-share schedules are planned over. */
    public long scheduleSteps() {
        return config.scheduleSteps(batches.stepsPerEpoch());
    }
}
