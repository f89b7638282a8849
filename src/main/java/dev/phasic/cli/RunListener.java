package dev.phasic.cli;

import dev.phasic.evaluation.Outputs;
import dev.phasic.training.Trained;
import dev.phasic.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code phasic train} does besides training: grids at each epoch end and the cheap evaluation. */
final class RunListener implements TrainingListener {
    private Outputs outputs; // made for the first session it sees, then reused (it caches the classifier)

    private Outputs outputs(Trained s) {
        if (outputs == null) outputs = Outputs.of(s);
        return outputs;
    }

    @Override
    public void onSnapshot(Trained s, Path run, String name) throws IOException {
        outputs(s).snapshot(s, run, name);
    }

    @Override
    public Map<String, Double> evaluate(Trained s) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        outputs(s).cheap(s).forEach((k, v) -> {
            if (v instanceof Number n) out.put(k, n.doubleValue());
        });
        return out;
    }
}
