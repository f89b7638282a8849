package dev.phasic.objectives;

import dev.phasic.models.HierarchicalModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The joint activity of one batch under each phase (DESIGN §1): wake, sleep and the
 * oscillation predictions made from the same wake pass. Absent phases are null.
 */
public record Phases(List<Tensor> wake, List<Tensor> sleep, List<Tensor> oscillation, List<Tensor> topDown) {
    public Phases(List<Tensor> wake, List<Tensor> sleep, List<Tensor> oscillation) {
        this(wake, sleep, oscillation, null);
    }

    public static Phases sample(HierarchicalModel model, Tensor x, boolean needSleep, boolean needOscillation) {
        return sample(model, x, needSleep, needOscillation, false);
    }

    /**
     * {@code needTopDown}: also the top-down pass from the wake activity of the top layer,
     * {@code z → ĥ_{L−1} → … → x̂}, every layer's prediction made from the one above it in
     * the same pass (input first; the top entry is the wake z itself).
     */
    public static Phases sample(HierarchicalModel model, Tensor x, boolean needSleep, boolean needOscillation,
                                boolean needTopDown) {
        HierarchicalModel.WakePass pass = needOscillation ? model.wakePass(x) : null;
        List<Tensor> wake = pass != null ? pass.wake() : model.wake(x);
        List<Tensor> sleep = needSleep ? model.sleep(x.size(0)) : null;
        List<Tensor> topDown = needTopDown ? model.topDown(wake.get(wake.size() - 1)) : null;
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
