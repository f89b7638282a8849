package dev.phasic.models;

import dev.phasic.UserError;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A hierarchy trained without backpropagation across layers (docs/METHODS.md, "Local
 * credit"): the input of every conditional, bottom-up {@code q(h_l | h_{l−1})} and top-down
 * {@code p(h_l | h_{l+1})}, is cut from the graph, so a loss on layer l's activity reaches only
 * the parameters of the conditionals that produce layer l. Recurrence inside a conditional (a
 * mean-merge, a recurrent cell's own state) is untouched. The values and the order of the
 * noise draws are those of the model it wraps: only the graph differs.
 *
 * <p>With {@code loop}, the oscillation prediction of each layer l keeps its gradient into the
 * wake activity of layer l + 1 it was made from, and so into q(h_{l+1} | h_l): the bottom-up
 * conditional of a layer also learns from its own reconstruction of the layer below, through
 * the top-down conditional (a loop of two layers, still cut from every other layer).
 */
public final class LocalCredit extends WrappedModel {
    private final Layerwise layerwise;
    private final boolean loop;

    private LocalCredit(Layerwise inner, boolean loop) {
        super(inner);
        this.layerwise = inner;
        this.loop = loop;
    }

    /** {@code model} with its conditionals' inputs cut; one line if the model cannot be taken apart layer by layer. */
    public static HierarchicalModel of(HierarchicalModel model, boolean loop) {
        if (!(model instanceof Layerwise layerwise)) {
            throw new UserError("--credit local needs a model whose inference comes apart layer by layer ("
                    + Layerwise.class.getName() + "); " + model.getClass().getSimpleName() + " is not one");
        }
        return new LocalCredit(layerwise, loop);
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        int top = layerNames().size() - 1;
        List<Tensor> out = new ArrayList<>(top + 1);
        Tensor h = layerwise.input(x);
        out.add(h);
        for (int l = 1; l <= top; l++) {
            h = layerwise.infer(l, h.detach());
            out.add(h);
        }
        return out;
    }

    @Override
    public List<Tensor> sleep(long batch) {
        return topDown(prior(batch));
    }

    @Override
    public Tensor predict(int layer, Tensor above) {
        return inner.predict(layer, above.detach());
    }

    /** As the wrapped model's pass; with {@code loop} the oscillation predictions keep their inputs' gradients. */
    @Override
    public WakePass wakePass(Tensor x) {
        if (!loop) return super.wakePass(x);
        List<Tensor> wake = wake(x);
        int top = wake.size() - 1;
        List<Tensor> oscillation = new ArrayList<>(top + 1);
        for (int l = 0; l < top; l++) oscillation.add(inner.predict(l, wake.get(l + 1)));
        oscillation.add(prior(wake.get(top).size(0)));
        return new WakePass(wake, oscillation);
    }
}
