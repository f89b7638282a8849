package dev.phasic.video;

import dev.phasic.evaluation.Evaluation;
import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.io.Progress;
import dev.phasic.torch.Ops;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Video prediction quality (docs/DESIGN.md §4): for each test sequence the model reads the
 * context and samples {@code k} closed-loop futures. Per predicted frame it reports
 * MSE (per pixel on [0, 1], and per frame as a sum), PSNR, SSIM (11×11 Gaussian window)
 * and SSIM7 (the 7×7 uniform window of PredRNN and OpenSTL), both for the best
 * of the k samples (chosen per sequence and per measure, as stochastic video models
 * are reported) and as the mean over the k samples; and for the baseline that repeats
 * the last context frame and for an empty frame: a model that has learned motion beats
 * both; one that predicts only the background ties the second. Where the error sits is
 * measured over every sampled future by {@link ErrorRegions}.
 */
public final class PredictionEvaluation {
    private static final int BATCH = 50;
    private static final String[] MEASURES = {"mse_per_pixel", "psnr", "ssim", "ssim7"};
    /** Predictions that know nothing: the last context frame repeated, and an empty frame. */
    private static final String[] BASELINES = {"last_frame", "blank"};
    /** What each measure is reported for: the model's samples, then the baselines. */
    public static final List<String> KINDS = List.of("best", "mean", BASELINES[0], BASELINES[1]);

    private PredictionEvaluation() {}

    /** Curves over the predicted frames, (P,) each, averaged over sequences. */
    public record Result(int sequences, int samples, int frameSize, Map<String, double[]> curves) {
        /** Mean over predicted frames of one curve. */
        public double mean(String curve) {
            double s = 0;
            for (double v : curves.get(curve)) s += v;
            return s / curves.get(curve).length;
        }

        /**
         * Metrics for metrics.json: each measure's mean over the predicted frames, and the
         * per-frame curve as a list ({@code …_per_frame}); the background mean over every
         * sampled future ({@link #BACKGROUND}); where the error sits ({@link ErrorRegions}, each
         * overall value the mean of its per-frame curve); how the head composed the frames
         * ({@link HeadTrace}, moving decoders only).
         */
        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            double pixels = (double) frameSize * frameSize;
            for (String kind : KINDS) {
                m.put("prediction_mse_per_pixel_" + kind, Evaluation.round(mean("mse_per_pixel_" + kind)));
                m.put("prediction_mse_per_frame_" + kind, Evaluation.round(mean("mse_per_pixel_" + kind) * pixels));
                m.put("prediction_psnr_" + kind, Evaluation.round(mean("psnr_" + kind)));
                m.put("prediction_ssim_" + kind, Evaluation.round(mean("ssim_" + kind)));
                m.put("prediction_ssim7_" + kind, Evaluation.round(mean("ssim7_" + kind)));
            }
            m.put("prediction_" + BACKGROUND, Evaluation.round(mean(BACKGROUND)));
            for (String region : ErrorRegions.CURVES) m.put("prediction_" + region, Evaluation.round(mean(region)));
            for (String kind : KINDS) {
                m.put("prediction_mse_per_pixel_" + kind + "_per_frame", list(curves.get("mse_per_pixel_" + kind), 1));
                m.put("prediction_mse_per_frame_" + kind + "_per_frame", list(curves.get("mse_per_pixel_" + kind), pixels));
                m.put("prediction_psnr_" + kind + "_per_frame", list(curves.get("psnr_" + kind), 1));
                m.put("prediction_ssim_" + kind + "_per_frame", list(curves.get("ssim_" + kind), 1));
                m.put("prediction_ssim7_" + kind + "_per_frame", list(curves.get("ssim7_" + kind), 1));
            }
            m.put("prediction_" + BACKGROUND + "_per_frame", list(curves.get(BACKGROUND), 1));
            for (String region : ErrorRegions.CURVES) m.put("prediction_" + region + "_per_frame", list(curves.get(region), 1));
            for (String head : HeadTrace.CURVES) {
                if (!curves.containsKey(head)) continue;
                m.put("prediction_" + head, Evaluation.round(mean(head)));
                m.put("prediction_" + head + "_per_frame", list(curves.get(head), 1));
            }
            m.put("prediction_sequences", sequences);
            m.put("prediction_samples", samples);
            return m;
        }

        private static List<Double> list(double[] curve, double scale) {
            List<Double> out = new ArrayList<>();
            for (double v : curve) out.add(Evaluation.round(v * scale));
            return out;
        }
    }

    /**
     * The curve of the mean predicted intensity ([0, 1], clamped) on pixels whose true value
     * is background (exactly 0), over every sampled future: a haze shows here long before it
     * shows in the error.
     */
    public static final String BACKGROUND = "background_mean";

    /** The first {@code n} test sequences (N, T, S, S) in [-1, 1], {@code k} samples each. */
    public static Result measure(VideoPredictor model, ImageDataset test, int n, int k, Device device) {
        return measure(model, test, n, k, device, null);
    }

    /** As above with a progress line per batch on {@code log} (null: quiet). */
    public static Result measure(VideoPredictor model, ImageDataset test, int n, int k, Device device, PrintStream log) {
        int c = model.shape().context(), p = model.shape().predict();
        int count = Math.min(n, test.count());
        double[][][][] values = new double[MEASURES.length][k][count][];  // [measure][sample][sequence][frame]
        double[][][][] base = new double[MEASURES.length][BASELINES.length][count][]; // [measure][baseline][sequence][frame]
        double[] backgroundSum = new double[p], backgroundCount = new double[p];
        ErrorRegions regions = new ErrorRegions(p);
        HeadTrace trace = new HeadTrace(p);
        Progress progress = new Progress(log, 0, count, "sequence");
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < count; start += BATCH) {
                progress.update(start, Map.of());
                try (PointerScope scope = new PointerScope()) {
                    int len = Math.min(BATCH, count - start);
                    Tensor x = Images.batch(test, start, len, device);   // (b, T, S, S) in [-1, 1]
                    Tensor truth = unit(x.narrow(1, c, p));                  // measured in [0, 1]
                    Tensor background = truth.eq(new Scalar(0.0)).to(truth.scalar_type()); // (b, P, S, S)
                    float[] counts = Ops.toFloats(background.sum(new long[] {0, 2, 3}, false, new ScalarTypeOptional()));
                    Tensor far = ErrorRegions.far(truth);
                    Tensor digits = VideoMetrics.digits(truth);
                    for (int j = 0; j < k; j++) {
                        try (PointerScope future = new PointerScope()) {    // each future's tensors freed once measured
                            int[] frame = {0};
                            Tensor predicted = unit(model.rollout(x.narrow(1, 0, c), p, d -> trace.add(frame[0]++, d, digits)));
                            store(values, j, start, len, p, predicted, truth);
                            regions.add(predicted, truth, far);
                            float[] sums = Ops.toFloats(predicted.mul(background).sum(new long[] {0, 2, 3}, false,
                                    new ScalarTypeOptional()));
                            for (int t = 0; t < p; t++) {
                                backgroundSum[t] += sums[t];
                                backgroundCount[t] += counts[t];
                            }
                        }
                    }
                    store(base, 0, start, len, p, unit(x.narrow(1, c - 1, 1)).expand(truth.sizes()).contiguous(), truth);
                    store(base, 1, start, len, p, org.bytedeco.pytorch.global.torch.zeros_like(truth), truth);
                }
            }
        }
        progress.update(count, Map.of());
        progress.finish();
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (int m = 0; m < MEASURES.length; m++) {
            boolean lowerIsBetter = m == 0;
            double[] best = new double[p], mean = new double[p];
            double[][] baselines = new double[BASELINES.length][p];
            for (int i = 0; i < count; i++) {
                int chosen = 0;
                for (int j = 1; j < k; j++) {
                    double a = average(values[m][j][i]), b = average(values[m][chosen][i]);
                    if (lowerIsBetter ? a < b : a > b) chosen = j;
                }
                for (int t = 0; t < p; t++) {
                    best[t] += values[m][chosen][i][t] / count;
                    for (int b = 0; b < BASELINES.length; b++) baselines[b][t] += base[m][b][i][t] / count;
                    for (int j = 0; j < k; j++) mean[t] += values[m][j][i][t] / (count * (double) k);
                }
            }
            curves.put(MEASURES[m] + "_best", best);
            curves.put(MEASURES[m] + "_mean", mean);
            for (int b = 0; b < BASELINES.length; b++) curves.put(MEASURES[m] + "_" + BASELINES[b], baselines[b]);
        }
        double[] backgroundMean = new double[p];
        for (int t = 0; t < p; t++) backgroundMean[t] = backgroundCount[t] > 0 ? backgroundSum[t] / backgroundCount[t] : 0;
        curves.put(BACKGROUND, backgroundMean);
        curves.putAll(regions.curves());
        curves.putAll(trace.curves());
        return new Result(count, k, test.height(), curves);
    }

    /**
     * How the transform and context decoders composed each predicted frame, over every sampled
     * future: {@code head_moved_weight}, the mask's weight on the moved copies over all pixels;
     * {@code head_moved_weight_on_digits}, the same on the pixels where the true frame has a
     * digit (above 0), where a moved digit should be (0 for a frame without one);
     * {@code head_kernel_peak}, the fine kernels' largest tap, copies weighed alike (1: a pure
     * translation, 1/9: a uniform blur). None for the draw decoder.
     */
    private static final class HeadTrace {
        static final List<String> CURVES = List.of("head_moved_weight", "head_moved_weight_on_digits", "head_kernel_peak");
        private final double[][] sums, counts;

        HeadTrace(int frames) {
            sums = new double[CURVES.size()][frames];
            counts = new double[CURVES.size()][frames];
        }

        /** Predicted frame {@code t}'s composition, against {@code digits} (b, P, S, S), 1 on true digit pixels. */
        void add(int t, FrameHead.Decoded d, Tensor digits) {
            Tensor onDigits = digits.narrow(1, t, 1);
            sums[0][t] += d.moved().sum().item_double();
            counts[0][t] += d.moved().numel();
            sums[1][t] += d.moved().mul(onDigits).sum().item_double();
            counts[1][t] += onDigits.sum().item_double();
            sums[2][t] += d.peak().sum().item_double();
            counts[2][t] += d.peak().numel();
        }

        Map<String, double[]> curves() {
            Map<String, double[]> out = new LinkedHashMap<>();
            if (counts[0][0] == 0) return out;
            for (int c = 0; c < CURVES.size(); c++) {
                double[] curve = new double[sums[c].length];
                for (int t = 0; t < curve.length; t++) curve[t] = counts[c][t] > 0 ? sums[c][t] / counts[c][t] : 0;
                out.put(CURVES.get(c), curve);
            }
            return out;
        }
    }

    /** Per-frame measures of (b, P, S, S) predictions into {@code values[·][sample][start …][P]}. */
    private static void store(double[][][][] values, int sample, int start, int len, int p, Tensor predicted, Tensor truth) {
        long s = truth.size(2);
        Tensor a = predicted.reshape(-1, 1, s, s), b = truth.reshape(-1, 1, s, s); // (b·P, 1, S, S)
        Tensor[] per = {VideoMetrics.msePerPixel(a, b), VideoMetrics.psnr(a, b), VideoMetrics.ssim(a, b),
                VideoMetrics.ssimUniform(a, b)};
        for (int m = 0; m < per.length; m++) {
            float[] f = Ops.toFloats(per[m]);
            for (int i = 0; i < len; i++) {
                double[] row = new double[p];
                for (int t = 0; t < p; t++) row[t] = f[i * p + t];
                values[m][sample][start + i] = row;
            }
        }
    }

    /** [-1, 1] → [0, 1], clamped (the video model's pixels already lie in [−1, 1]; a model that does not may be measured too). */
    private static Tensor unit(Tensor t) {
        return Ops.mul(Ops.add(t, 1.0), 0.5).clamp(new ScalarOptional(new Scalar(0.0)),
                new ScalarOptional(new Scalar(1.0)));
    }

    private static double average(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
