package dev.phasic.models;

import dev.phasic.nn.Module;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A model that passes every call to the one it wraps; a subclass overrides what it changes
 * (a perturbed phase, a graph cut between layers). The passes a subclass does not override
 * ({@link #wakePass}, {@link #topDown}) are the interface's defaults, built on this model's
 * own methods, so they see its changes.
 */
public abstract class WrappedModel implements HierarchicalModel {
    protected final HierarchicalModel inner;

    protected WrappedModel(HierarchicalModel inner) {
        this.inner = inner;
    }

    @Override
    public List<String> layerNames() {
        return inner.layerNames();
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        return inner.wake(x);
    }

    @Override
    public List<Tensor> sleep(long batch) {
        return inner.sleep(batch);
    }

    @Override
    public Tensor predict(int layer, Tensor above) {
        return inner.predict(layer, above);
    }

    @Override
    public Tensor prior(long batch) {
        return inner.prior(batch);
    }

    @Override
    public Module inference() {
        return inner.inference();
    }

    @Override
    public Module generation() {
        return inner.generation();
    }
}
