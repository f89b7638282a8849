package dev.phasic.training;

import dev.phasic.UserError;
import dev.phasic.data.BatchSource;
import dev.phasic.data.Batches;
import dev.phasic.data.ImageDataset;
import dev.phasic.data.Mnist;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.nn.Module;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.objectives.Objectives;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Device;

/**
 * Pairs an architecture with its data and objective. {@link #build} must run outside
 * any pointer scope: the model and critics live for the whole run.
 */
public interface Recipe {
    /** The name of the recipe a run given no {@code --recipe} trains. */
    String DEFAULT = "mnist-recurrent";

    /** The name {@code --recipe} takes and {@code config.json} stores. */
    String name();

    /** The group of options that belong to this recipe alone (given to another recipe, each is an error). */
    Class<? extends Record> options();

    /**
     * Whether this recipe reads the shared option {@code option} (by its name in
     * {@code config.json}) under {@code objective}; given where it is not read, it is an
     * error, and one read under no objective is left out of the recipe's {@code config.json}.
     */
    default boolean reads(String option, ObjectiveKind objective) {
        return true;
    }

    /**
     * What this recipe changes in {@link TrainConfig#DEFAULTS}, by option name (the
     * recipe-free defaults are the behaviour of old runs, so new behaviour is turned on here).
     */
    default Map<String, Object> defaults() {
        return Map.of();
    }

    Mnist.Splits data(TrainConfig config);

    Built build(TrainConfig config, int[] imageShape, Device device);

    /** The shape (C, H, W) of one training input, as {@link #build} receives it. */
    default int[] inputShape(TrainConfig config, Mnist.Splits data) {
        ImageDataset t = data.train();
        return new int[] {t.channels(), t.height(), t.width()};
    }

    /** The training batches: the training split, shuffled per epoch. */
    default BatchSource batches(TrainConfig config, Mnist.Splits data, Device device) {
        return new Batches(data.train(), config.optimiser().batchSize(), config.run().seed(), device);
    }

    /** A model, its objective (owning the critics), and the model as a module for checkpoints. */
    record Built(HierarchicalModel model, Module modelModule, Objective objective) {}

    /** Whether the recipe's model predicts video (shown as dreams and futures, measured by prediction) rather than still images. */
    default boolean predictsVideo() {
        return false;
    }

    /**
     * The option under which a critic of this configuration reads statistics of its whole
     * batch (batch normalisation, the minibatch spread), or empty when none does:
     * data-parallel workers would each compute them on their own slice, so such
     * configurations train in one process only.
     */
    default Optional<String> batchStatistics(TrainConfig config) {
        return Optional.empty();
    }

    /**
     * Commands of this recipe's own, as picocli {@code @Command} objects, added to
     * {@code phasic}'s (the video recipe's {@code predict}): none.
     */
    default List<Object> commands() {
        return List.of();
    }

    /** The heading of this recipe's own options in {@code train --help}. */
    default String heading() {
        return "The " + name() + " recipe";
    }

    /**
     * Every recipe on the class path, {@link #DEFAULT} first and then by name: each jar lists
     * its recipes in {@code META-INF/services/dev.phasic.training.Recipe} ({@link java.util.ServiceLoader}).
     */
    static List<Recipe> all() {
        return Recipes.all();
    }

    /** The recipe called {@code name}, or one line naming it and the recipes there are. */
    static Recipe of(String name) {
        for (Recipe r : all()) if (r.name().equals(name)) return r;
        throw new UserError("recipe '" + name + "'" + NOT_ON_CLASS_PATH + "; the recipes there are " + String.join(", ", names()));
    }

    /** How {@link #of} says a recipe is missing, so a run of a plug-in left off the class path is not taken for a damaged one. */
    String NOT_ON_CLASS_PATH = " is not on the class path";

    /** Whether {@code e} or one of its causes says that a recipe is not on the class path. */
    static boolean missing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UserError && String.valueOf(t.getMessage()).contains(NOT_ON_CLASS_PATH)) return true;
        }
        return false;
    }

    /** The recipes' names, the default first. */
    static List<String> names() {
        return all().stream().map(Recipe::name).toList();
    }

    /**
     * The settings Eq. 7 and 8 train this recipe with: the shared terms with the top layer's
     * terms reaching q ({@link #sharedTerms}); a recipe with terms of its own adds them from
     * its own options.
     */
    default Objectives.Local localSettings(TrainConfig config) {
        return sharedTerms(config, true);
    }

    /**
     * The share of the predicted steps that read the true frame back in place of the
     * prediction at {@code step} of the {@code scheduleSteps} the schedules are planned over
     * (scheduled sampling): 0, the closed loop, for a model that predicts nothing.
     */
    default double truthShare(TrainConfig config, long step, long scheduleSteps) {
        return 0;
    }

    /**
     * The layer whose wake activity starts the top-down pass at {@code step}, of a model whose
     * top layer is {@code top} (the objective has a top-down term): the top layer.
     */
    default int topDownSource(TrainConfig config, long step, int top) {
        return top;
    }

    /**
     * Whether a schedule of this recipe is under way from the first step, so that a resumed
     * run given a new length keeps the plan it started with (the learning-rate decay, the
     * core's own, is judged by the core): none.
     */
    default boolean scheduledFromStart(TrainConfig config) {
        return false;
    }

    /**
     * The settings of the terms every recipe shares ({@link ObjectiveOptions}) and the paper's
     * alone besides: no top-down term, no drift, adversarial weight 1, no pixel anchor, credit
     * as {@code --credit} says; {@code topWakeGradient} is the recipe's choice.
     */
    static Objectives.Local sharedTerms(TrainConfig c, boolean topWakeGradient) {
        return new Objectives.Local(c.terms().gamma(), c.terms().beta(), c.terms().gpWeight(), c.terms().featureLayers(),
                c.terms().hiddenWakeGradient(), topWakeGradient, 0, 0).withLocalCredit(c.terms().credit() != Choices.Credit.BACKPROP);
    }
}
