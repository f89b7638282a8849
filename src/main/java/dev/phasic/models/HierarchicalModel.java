package dev.phasic.models;

import dev.phasic.nn.Module;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A stochastic hierarchy {@code h_0 = x, h_1 … h_L = z} with an inference network q
 * (bottom-up) and a generative network p (top-down), docs/DESIGN.md §1. Layers may be vectors
 * (B, D) or maps (B, C, H, W); objectives never look inside them.
 */
public interface HierarchicalModel {
    /** Layer names from the input up, e.g. {@code [x, z]}. */
    List<String> layerNames();

    /** Wake phase: {@code x} (B, …) then {@code h_1 … h_L} sampled through q. */
    List<Tensor> wake(Tensor x);

    /** Sleep phase: {@code h_L ~ prior}, then {@code h_{L-1} … h_0} through p; returned input first. */
    List<Tensor> sleep(long batch);

    /** One top-down step: a sample of {@code p(h_layer | h_{layer+1} = above)}. */
    Tensor predict(int layer, Tensor above);

    /** Samples of the prior over the top layer. */
    Tensor prior(long batch);

    /** Top-down generation from given top-layer activity: {@code h_L → … → h_0}. */
    default Tensor generate(Tensor top) {
        return topDown(top).get(0);
    }

    /** Every layer of a top-down pass from {@code top}: {@code [h_0, …, h_{L−1}, top]}, input first. */
    default List<Tensor> topDown(Tensor top) {
        return topDown(top, layerNames().size() - 1);
    }

    /** A top-down pass from activity {@code from} of layer {@code k}: {@code [ĥ_0, …, ĥ_{k−1}, from]}. */
    default List<Tensor> topDown(Tensor from, int k) {
        Tensor[] out = new Tensor[k + 1];
        out[k] = from;
        for (int l = k - 1; l >= 0; l--) out[l] = predict(l, out[l + 1]);
        return List.of(out);
    }

    /** Reconstruction {@code x → q → p → x̂} through the top layer. */
    default Tensor reconstruct(Tensor x) {
        List<Tensor> w = wake(x);
        return generate(w.get(w.size() - 1));
    }

    /**
     * Oscillation pairs (docs/DESIGN.md §1): for each layer the top-down prediction from the
     * wake activity one layer up; the top layer's prediction is the prior. Reached through
     * {@link #wakePass}, which a model whose predictions need the pass itself overrides.
     */
    private List<Tensor> oscillation(List<Tensor> wake) {
        int top = wake.size() - 1;
        Tensor[] out = new Tensor[wake.size()];
        for (int l = 0; l < top; l++) out[l] = predict(l, wake.get(l + 1));
        out[top] = prior(wake.get(top).size(0));
        return List.of(out);
    }

    /**
     * The wake activity of one input and the oscillation predictions made from that same
     * pass. Models whose predictions need the pass itself (a recurrent video predictor
     * predicts each frame from the state it inferred) override this.
     */
    default WakePass wakePass(Tensor x) {
        List<Tensor> wake = wake(x);
        return new WakePass(wake, oscillation(wake));
    }

    /**
     * The wake pass of training, where a model that predicts sequences reads back the true
     * step instead of its own prediction on a share {@code truthShare} of predicted steps
     * (scheduled sampling); {@link #wakePass} is the closed loop of test time. Models of single
     * inputs have no such share.
     */
    default WakePass wakePass(Tensor x, double truthShare) {
        return wakePass(x);
    }

    /** Layer-aligned wake activity and oscillation predictions. */
    record WakePass(List<Tensor> wake, List<Tensor> oscillation) {}

    Module inference();

    Module generation();
}
