package dev.phasic.video;

import dev.phasic.evaluation.Activity;
import dev.phasic.evaluation.Evaluation;
import dev.phasic.evaluation.Overlap;
import dev.phasic.data.ImageDataset;
import dev.phasic.report.Charts;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of docs/DESIGN.md §4 for the video model: prediction quality over the
 * predicted frames ({@link PredictionEvaluation}) and the Berkes wake/sleep overlap on
 * frames {@code x} and the encoder state {@code z} (wake: true future frames and the
 * states predictions were made from; sleep: the z → x → z bounce from N(0, I)).
 */
public final class VideoEvaluation {
    private VideoEvaluation() {}

    /** A report whose figures are the Berkes scatter and the per-frame curves. */
    public record Report(Evaluation.Report base, PredictionEvaluation.Result prediction) {
        public void write(Path dir) throws IOException {
            base.write(dir);
            Map<String, List<double[]>> error = new LinkedHashMap<>(), ssim = new LinkedHashMap<>();
            for (String kind : PredictionEvaluation.KINDS) {
                error.put("MSE per frame, " + label(kind), curve(prediction.curves().get("mse_per_pixel_" + kind),
                        prediction.frameSize() * (double) prediction.frameSize()));
                ssim.put("SSIM, " + label(kind), curve(prediction.curves().get("ssim_" + kind), 1));
            }
            Charts.lines(dir.resolve("prediction-per-frame.png"), "Per-frame MSE (sum over pixels, frames in [0, 1])",
                    "predicted frame", "MSE per frame", error);
            Charts.lines(dir.resolve("prediction-ssim.png"), "Per-frame SSIM", "predicted frame", "SSIM", ssim);
        }

        private static String label(String kind) {
            return switch (kind) {
                case "best" -> "best of k";
                case "mean" -> "mean over k";
                case "blank" -> "empty frame";
                default -> "repeat last context frame";
            };
        }

        private static List<double[]> curve(double[] values, double scale) {
            List<double[]> out = new ArrayList<>();
            for (int t = 0; t < values.length; t++) out.add(new double[] {t + 1, values[t] * scale});
            return out;
        }
    }

    /** {@code n} test sequences, {@code k} sampled futures each; a progress line per batch of predicted sequences on {@code log} (null: quiet). */
    public static Report run(Trained s, VideoPredictor model, int n, int k, PrintStream log) {
        ImageDataset test = s.data().test();
        int count = Math.min(n, test.count());
        PredictionEvaluation.Result pred = PredictionEvaluation.measure(model, test, count, k, s.device(), log);
        Map<String, Object> m = new LinkedHashMap<>(pred.metrics());
        List<float[]> wake = Activity.wake(model, test, count, s.device());
        List<float[]> sleep = Activity.sleep(model, count, null);
        int rows = count * model.shape().predict();
        Overlap.Result o = Overlap.measure(model.layerNames(), wake, sleep, rows, rows, Overlap.DEFAULT_UNITS, s.config().run().seed());
        Evaluation.putOverlap(m, o);
        return new Report(new Evaluation.Report(m, o), pred);
    }
}
