package dev.phasic.video;

import dev.phasic.torch.Ops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * Where the prediction error sits (issue 36), per predicted frame, pooled over every
 * sampled future of every sequence. Frames are on [0, 1] (clamped). A truth pixel is a
 * digit pixel when its value is above {@link VideoMetrics#DIGIT_THRESHOLD} (0: any
 * stored byte above 0, faint anti-aliased edges included; the background is stored as
 * byte 0, exactly 0 on this scale). The <b>far background</b> is every pixel more than
 * {@link #RADIUS} pixels in Chebyshev distance from every truth digit pixel of the same
 * frame ({@link VideoMetrics#farFromDigits}); <b>near digits</b> is the rest (digit
 * pixels and the background within {@value #RADIUS} pixels of them). Curves, (P,) each:
 * <ul>
 * <li>{@code far_background_mse_per_pixel}, {@code near_digits_mse_per_pixel}: the squared
 *     error summed over the region's pixels of frame t in every future, divided by their
 *     count;</li>
 * <li>{@code far_background_mse_per_frame}, {@code near_digits_mse_per_frame}: the same
 *     sum divided by the number of futures (sequences × samples), so the two add up to
 *     {@code mse_per_frame_mean};</li>
 * <li>{@code far_background_mean}, {@code near_digits_mean}: the mean predicted intensity
 *     over the region's pixels;</li>
 * <li>{@code far_background_exact_zero_share}: the share of far-background pixels whose
 *     prediction is exactly 0 (after the clamp to [0, 1]);</li>
 * <li>{@code far_background_pixel_share}: the share of all pixels that are far
 *     background.</li>
 * </ul>
 * A frame with no pixel in a region reports 0 for that region.
 */
final class ErrorRegions {
    /** Pixels farther than this (Chebyshev distance) from every truth digit pixel are far background. */
    static final int RADIUS = 4;
    static final List<String> CURVES = List.of(
            "far_background_mse_per_pixel", "far_background_mse_per_frame",
            "near_digits_mse_per_pixel", "near_digits_mse_per_frame",
            "far_background_mean", "near_digits_mean",
            "far_background_exact_zero_share", "far_background_pixel_share");

    private final int frames;
    private final double[] farCount, nearCount, farSquared, nearSquared, farSum, nearSum, farZeros;
    private double futures, pixels;

    ErrorRegions(int frames) {
        this.frames = frames;
        farCount = new double[frames];
        nearCount = new double[frames];
        farSquared = new double[frames];
        nearSquared = new double[frames];
        farSum = new double[frames];
        nearSum = new double[frames];
        farZeros = new double[frames];
    }

    /** The far-background mask (b, P, S, S), 0/1, of truth (b, P, S, S) on [0, 1]. */
    static Tensor far(Tensor truth) {
        long s = truth.size(2);
        return VideoMetrics.farFromDigits(truth.reshape(-1, 1, s, s), RADIUS).reshape(truth.sizes());
    }

    /** One sampled future per sequence: predicted and truth (b, P, S, S) on [0, 1], far = {@link #far}(truth). */
    void add(Tensor predicted, Tensor truth, Tensor far) {
        Tensor near = Ops.add(Ops.mul(far, -1.0), 1.0);
        Tensor squared = predicted.sub(truth).square();
        Tensor zeros = predicted.eq(new Scalar(0.0)).to(predicted.scalar_type());
        accumulate(farCount, far);
        accumulate(nearCount, near);
        accumulate(farSquared, squared.mul(far));
        accumulate(nearSquared, squared.mul(near));
        accumulate(farSum, predicted.mul(far));
        accumulate(nearSum, predicted.mul(near));
        accumulate(farZeros, zeros.mul(far));
        futures += truth.size(0);
        pixels = (double) truth.size(2) * truth.size(3);
    }

    private void accumulate(double[] into, Tensor t) {
        float[] sums = Ops.toFloats(t.sum(new long[] {0, 2, 3}, false, new ScalarTypeOptional()));
        for (int i = 0; i < frames; i++) into[i] += sums[i];
    }

    /** The curves of the class comment, in the order of {@link #CURVES}. */
    Map<String, double[]> curves() {
        double[][] c = new double[CURVES.size()][frames];
        for (int t = 0; t < frames; t++) {
            c[0][t] = ratio(farSquared[t], farCount[t]);
            c[1][t] = ratio(farSquared[t], futures);
            c[2][t] = ratio(nearSquared[t], nearCount[t]);
            c[3][t] = ratio(nearSquared[t], futures);
            c[4][t] = ratio(farSum[t], farCount[t]);
            c[5][t] = ratio(nearSum[t], nearCount[t]);
            c[6][t] = ratio(farZeros[t], farCount[t]);
            c[7][t] = ratio(farCount[t], futures * pixels);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < CURVES.size(); i++) out.put(CURVES.get(i), c[i]);
        return out;
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : 0;
    }
}
