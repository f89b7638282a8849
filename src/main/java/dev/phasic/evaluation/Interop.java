package dev.phasic.evaluation;

import dev.phasic.models.Critic;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.objectives.Eq4GlobalWakeSleep;
import dev.phasic.torch.Ops;
import dev.phasic.training.Trained;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The named outputs of a trained network on a batch, as {@code reconstruct --tensors} and
 * {@code predict --tensors} write them for another implementation to reproduce (the Python
 * package {@code phasic_torch} checks every one): every layer's wake activity, the top-down
 * pass from every layer above the input, the critics' scores and features on the wake
 * activity (a video recipe adds its closed-loop prediction from the context). Run it
 * under {@code Gaussian.meanOnly} for outputs that do not depend on a random stream.
 */
public final class Interop {
    private Interop() {}

    /** Image models: {@code x} (N, C, H, W) and its reconstruction {@code x → q → p → x̂} as the caller computed it. */
    public static Map<String, Tensor> images(Trained s, Tensor x, Tensor reconstruction) {
        HierarchicalModel model = s.model();
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("inputs", Ops.flatten(x));
        out.put("reconstructions", Ops.flatten(reconstruction));
        List<Tensor> wake = model.wake(x);
        wakeAndCritics(s, wake, out);
        for (int k = 1; k < wake.size(); k++) out.put("topdown." + s.model().layerNames().get(k), Ops.flatten(model.topDown(wake.get(k), k).get(0)));
        return out;
    }

    /** Every layer's wake activity in {@code wake} and every critic's score and features on it, into {@code out}. */
    public static void wakeAndCritics(Trained s, List<Tensor> wake, Map<String, Tensor> out) {
        List<String> names = s.model().layerNames();
        for (int l = 0; l < wake.size(); l++) out.put("wake." + names.get(l), wake.get(l));
        for (Map.Entry<String, Critic> e : s.critics().entrySet()) {
            Tensor input = e.getKey().equals("joint") ? Eq4GlobalWakeSleep.joint(wake) : wake.get(names.indexOf(e.getKey()));
            Critic.Scored scored = e.getValue().forward(input);
            out.put("critic." + e.getKey() + ".score", scored.score());
            out.put("critic." + e.getKey() + ".features", scored.features());
        }
    }
}
