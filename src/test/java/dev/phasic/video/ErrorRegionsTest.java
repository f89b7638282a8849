package dev.phasic.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Where the error sits, on a hand-made 16×16 prediction whose answers are counted by hand. */
class ErrorRegionsTest {
    private static final Device CPU = new Device("cpu");
    private static final int S = 16;

    @Test
    void farMaskIsChebyshevDistanceAboveFour() {
        Native.init();
        try (PointerScope scope = new PointerScope()) {
            float[] truth = new float[S * S];
            truth[3 * S + 3] = 0.004f;  // one faint digit pixel (byte 1) counts as digit
            float[] far = Ops.toFloats(VideoMetrics.farFromDigits(Ops.fromFloats(truth, CPU, 1, 1, S, S), 4));
            for (int r = 0; r < S; r++) {
                for (int c = 0; c < S; c++) {
                    int d = Math.max(Math.abs(r - 3), Math.abs(c - 3));
                    assertEquals(d > 4 ? 1f : 0f, far[r * S + c], 0, "pixel " + r + "," + c);
                }
            }
            float[] empty = Ops.toFloats(VideoMetrics.farFromDigits(Ops.fromFloats(new float[S * S], CPU, 1, 1, S, S), 4));
            for (float v : empty) assertEquals(1f, v, 0, "a frame without digits is far background everywhere");
        }
    }

    @Test
    void splitsErrorIntensityAndExactZerosBetweenFarBackgroundAndTheRest() {
        Native.init();
        // frame 0: a 2×2 digit at rows/cols 2–3 (value 1), so "near" is rows 0–7 × cols 0–7 (64 pixels) and the
        // far background the other 192. The prediction draws the digit at 0.5 (squared error 4 × 0.25 = 1),
        // puts 0.1 on (7, 7), at distance exactly 4 (near: squared error 0.01), and a haze of 0.05 on the far
        // pixels of rows 8–15 (128 pixels, squared error 128 × 0.0025 = 0.32); the other 64 far pixels are 0.
        // frame 1: the digit at rows/cols 12–13, predicted exactly: no error, every far pixel exactly 0.
        float[] truth = new float[2 * S * S], predicted = new float[2 * S * S];
        int f1 = S * S;
        for (int r = 2; r <= 3; r++) {
            for (int c = 2; c <= 3; c++) {
                truth[r * S + c] = 1f;
                predicted[r * S + c] = 0.5f;
                truth[f1 + (r + 10) * S + c + 10] = 1f;
                predicted[f1 + (r + 10) * S + c + 10] = 1f;
            }
        }
        predicted[7 * S + 7] = 0.1f;
        for (int r = 8; r < S; r++) for (int c = 0; c < S; c++) predicted[r * S + c] = 0.05f;
        try (PointerScope scope = new PointerScope()) {
            Tensor y = Ops.fromFloats(truth, CPU, 1, 2, S, S), x = Ops.fromFloats(predicted, CPU, 1, 2, S, S);
            ErrorRegions regions = new ErrorRegions(2);
            regions.add(x, y, ErrorRegions.far(y));
            Map<String, double[]> c = regions.curves();
            double eps = 1e-6;
            assertEquals(0.32 / 192, c.get("far_background_mse_per_pixel")[0], eps);
            assertEquals(0.32, c.get("far_background_mse_per_frame")[0], eps);
            assertEquals(1.01 / 64, c.get("near_digits_mse_per_pixel")[0], eps);
            assertEquals(1.01, c.get("near_digits_mse_per_frame")[0], eps);
            assertEquals(128 * 0.05 / 192, c.get("far_background_mean")[0], eps);
            assertEquals((4 * 0.5 + 0.1) / 64, c.get("near_digits_mean")[0], eps);
            assertEquals(64.0 / 192, c.get("far_background_exact_zero_share")[0], eps);
            assertEquals(192.0 / 256, c.get("far_background_pixel_share")[0], eps);
            double total = Ops.toFloats(VideoMetrics.msePerPixel(x.reshape(-1, 1, S, S), y.reshape(-1, 1, S, S)))[0] * S * S;
            assertEquals(total, c.get("far_background_mse_per_frame")[0] + c.get("near_digits_mse_per_frame")[0], eps,
                    "the two regions' errors add up to the frame's");
            // frame 1: near is rows/cols 8–15 (64 pixels), predicted exactly
            for (String key : new String[] {"far_background_mse_per_pixel", "far_background_mse_per_frame",
                    "near_digits_mse_per_pixel", "near_digits_mse_per_frame", "far_background_mean"}) {
                assertEquals(0, c.get(key)[1], 0, key);
            }
            assertEquals(4.0 / 64, c.get("near_digits_mean")[1], eps);
            assertEquals(1, c.get("far_background_exact_zero_share")[1], 0);

            // a second sampled future equal to the truth halves frame 0's errors and means, pooled over futures
            regions.add(y, y, ErrorRegions.far(y));
            c = regions.curves();
            assertEquals(0.16, c.get("far_background_mse_per_frame")[0], eps);
            assertEquals(0.32 / 384, c.get("far_background_mse_per_pixel")[0], eps);
            assertEquals((64.0 + 192) / 384, c.get("far_background_exact_zero_share")[0], eps);
            assertEquals((4 * 0.5 + 0.1 + 4) / 128, c.get("near_digits_mean")[0], eps);
        }
    }

    @Test
    void metricsNameEveryCurveOverallAndPerFrame() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String m : new String[] {"mse_per_pixel", "psnr", "ssim", "ssim7"}) {
            for (String kind : PredictionEvaluation.KINDS) names.add(m + "_" + kind);
        }
        names.add(PredictionEvaluation.BACKGROUND);
        names.addAll(ErrorRegions.CURVES);
        for (String n : names) curves.put(n, new double[] {0.25, 0.75});
        Map<String, Object> m = new PredictionEvaluation.Result(3, 2, S, curves).metrics();
        for (String key : new String[] {"prediction_ssim7_best", "prediction_ssim7_mean", "prediction_ssim7_blank",
                "prediction_ssim7_last_frame", "prediction_far_background_mse_per_pixel",
                "prediction_far_background_mse_per_frame", "prediction_near_digits_mse_per_pixel",
                "prediction_near_digits_mse_per_frame", "prediction_far_background_mean", "prediction_near_digits_mean",
                "prediction_far_background_exact_zero_share", "prediction_far_background_pixel_share"}) {
            assertEquals(0.5, (Double) m.get(key), 1e-12, key);
            assertTrue(m.get(key + "_per_frame") instanceof List<?> l && l.size() == 2, key + "_per_frame");
        }
        assertEquals(List.of(0.25, 0.75), m.get("prediction_ssim7_blank_per_frame"));
    }
}
