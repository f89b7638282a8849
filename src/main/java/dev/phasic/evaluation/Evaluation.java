package dev.phasic.evaluation;

import dev.phasic.training.Json;
import dev.phasic.training.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs every measurement of DESIGN §4 on a trained session and collects the numbers. */
public final class Evaluation {
    private Evaluation() {}

    public record Report(Map<String, Object> metrics) {
        public void write(Path dir) throws IOException {
            Files.createDirectories(dir);
            Json.write(dir.resolve("metrics.json"), metrics);
        }
    }

    public static Report run(Session s, int n, PrintStream log) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        Classifiers.Trained judge = Classifiers.forData(s.data.train(), s.data.test(), s.device, log);
        m.put("classifier_accuracy", round(judge.testAccuracy()));
        Reconstruction.Result rec = Reconstruction.measure(s.model, judge.model(), s.data.test(), n, s.device);
        m.put("reconstruction_mse", round(rec.mse()));
        m.put("reconstruction_class_agreement", round(rec.classAgreement()));
        return new Report(m);
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
