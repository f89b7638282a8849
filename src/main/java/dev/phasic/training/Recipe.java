package dev.phasic.training;

import dev.phasic.data.Mnist;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.nn.Module;
import dev.phasic.objectives.Objective;
import org.bytedeco.pytorch.Device;

/**
 * Pairs an architecture with its data and objective. {@link #build} must run outside
 * any pointer scope: the model and critics live for the whole run.
 */
public interface Recipe {
    String name();

    Mnist.Splits data(TrainConfig config);

    Built build(TrainConfig config, int[] imageShape, Device device);

    /** A model, its objective (owning the critics), and the model as a module for checkpoints. */
    record Built(HierarchicalModel model, Module modelModule, Objective objective) {}

    static Recipe of(String name) {
        if (name.equals("mnist-recurrent")) return new MnistRecurrentRecipe();
        if (name.equals("hierarchical")) return new HierarchicalRecipe();
        throw new dev.phasic.UserError("unknown recipe '" + name + "'");
    }
}
