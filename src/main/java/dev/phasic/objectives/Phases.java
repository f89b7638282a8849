package dev.phasic.objectives;

import dev.phasic.models.HierarchicalModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The joint activity of one batch under each phase (docs/DESIGN.md §1): wake, sleep and the
 * oscillation predictions made from the same wake pass. Absent phases are null.
 */
public record Phases(List<Tensor> wake, List<Tensor> sleep, List<Tensor> oscillation, List<Tensor> topDown) {
    public Phases(List<Tensor> wake, List<Tensor> sleep, List<Tensor> oscillation) {
        this(wake, sleep, oscillation, null);
    }

    public static Phases sample(HierarchicalModel model, Tensor x, boolean needSleep, boolean needOscillation) {
        return sample(model, x, needSleep, needOscillation, 0);
    }

    /**
     * {@code topDownFrom = k > 0}: also the top-down pass from the wake activity of layer k,
     * {@code h_k → ĥ_{k−1} → … → x̂}, each prediction made from the one above it in the same
     * pass ({@link #topDown}: the k predictions, input first).
     */
    public static Phases sample(HierarchicalModel model, Tensor x, boolean needSleep, boolean needOscillation,
                                int topDownFrom) {
        return sample(model, x, needSleep, needOscillation, topDownFrom, 0);
    }

    /** As above, training's pass: a sequence model reads back true steps on a share {@code truthShare}. */
    public static Phases sample(HierarchicalModel model, Tensor x, boolean needSleep, boolean needOscillation,
                                int topDownFrom, double truthShare) {
        HierarchicalModel.WakePass pass = needOscillation ? model.wakePass(x, truthShare) : null;
        List<Tensor> wake = pass != null ? pass.wake() : model.wake(x);
        List<Tensor> sleep = needSleep ? model.sleep(x.size(0)) : null;
        List<Tensor> topDown = null;
        if (topDownFrom > 0) {
            List<Tensor> below = model.topDown(wake.get(topDownFrom), topDownFrom); // [ĥ_0 … ĥ_{k−1}, h_k]
            topDown = new ArrayList<>(below.subList(0, topDownFrom));
        }
        return new Phases(wake, sleep, pass != null ? pass.oscillation() : null, topDown);
    }

    /** The same activity cut from the graph, for critic updates. */
    public Phases detached() {
        return new Phases(detach(wake), detach(sleep), detach(oscillation), detach(topDown));
    }

    private static List<Tensor> detach(List<Tensor> layers) {
        if (layers == null) return null;
        List<Tensor> out = new ArrayList<>(layers.size());
        for (Tensor t : layers) out.add(t.detach());
        return out;
    }
}
