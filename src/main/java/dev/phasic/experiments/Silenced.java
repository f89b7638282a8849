package dev.phasic.experiments;

import dev.phasic.models.HierarchicalModel;
import dev.phasic.models.WrappedModel;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * A model whose chosen units of one layer are clamped to zero in the generative phase
 * only: wherever p produces that layer (sleep, the oscillation predictions, top-down
 * passes; for the top layer, the prior draws), those units are zero, and the layers
 * generated from it below see the zeros. The wake phase (q) is untouched, so whether
 * q's activity of those units moves to match is what the perturbation experiment asks.
 */
public final class Silenced extends WrappedModel {
    private final int layer;
    private final Tensor keep; // (1, D…) of the layer's shape: 0 at silenced units, 1 elsewhere

    /** {@code keep}: the mask multiplied into layer {@code layer}'s generated activity. */
    public Silenced(HierarchicalModel inner, int layer, Tensor keep) {
        super(inner);
        this.layer = layer;
        this.keep = keep;
    }

    private Tensor clamp(Tensor t) {
        return t.mul(keep);
    }

    @Override
    public List<Tensor> sleep(long batch) {
        return topDown(prior(batch));
    }

    @Override
    public Tensor predict(int l, Tensor above) {
        Tensor out = inner.predict(l, above);
        return l == layer ? clamp(out) : out;
    }

    /**
     * The wrapped model's pass (a model that overrides it, such as {@code LocalCredit}'s loop,
     * keeps its graph) with the generated layer's prediction clamped: the values the default
     * pass through {@link #predict} and {@link #prior} would give, in the same draws.
     */
    @Override
    public WakePass wakePass(Tensor x) {
        WakePass w = inner.wakePass(x);
        List<Tensor> oscillation = new ArrayList<>(w.oscillation());
        oscillation.set(layer, clamp(oscillation.get(layer)));
        return new WakePass(w.wake(), oscillation);
    }

    @Override
    public Tensor prior(long batch) {
        Tensor out = inner.prior(batch);
        return layer == layerNames().size() - 1 ? clamp(out) : out;
    }

    /** A (1, shape…) mask of ones with zeros at the flattened indices {@code units}. */
    public static Tensor mask(long[] shape, int[] units, Device device) {
        long d = 1;
        for (int i = 1; i < shape.length; i++) d *= shape[i];
        float[] m = new float[(int) d];
        Arrays.fill(m, 1f);
        for (int u : units) m[u] = 0f;
        long[] one = shape.clone();
        one[0] = 1;
        return Ops.fromFloats(m, device, one);
    }
}
