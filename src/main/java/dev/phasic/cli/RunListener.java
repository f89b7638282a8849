package dev.phasic.cli;

import dev.phasic.evaluation.Classifiers;
import dev.phasic.evaluation.Evaluation;
import dev.phasic.report.Grids;
import dev.phasic.training.Session;
import dev.phasic.training.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code phasic train} does besides training: grids at each epoch end and the cheap evaluation. */
final class RunListener implements TrainingListener {
    private static final int EVAL_IMAGES = 500;
    private static final int EVAL_SEQUENCES = 100;

    @Override
    public void onSnapshot(Session s, Path run, String name) throws IOException {
        Grids.writeSnapshot(s, run, name);
    }

    private Classifiers.Trained judge; // loaded (or trained) at the first evaluation, then reused

    @Override
    public Map<String, Double> evaluate(Session s) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Object> metrics;
        if (s.model instanceof dev.phasic.models.VideoPredictor video) {
            metrics = dev.phasic.evaluation.VideoEvaluation.run(s, video, EVAL_SEQUENCES, 2).base().metrics();
        } else {
            if (judge == null) judge = Classifiers.forData(s.data.train(), s.data.test(), s.device, System.err);
            metrics = Evaluation.run(s, EVAL_IMAGES, false, judge).metrics();
        }
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) out.put(k, n.doubleValue());
        });
        return out;
    }
}
