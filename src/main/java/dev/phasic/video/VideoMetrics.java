package dev.phasic.video;

import dev.phasic.nn.Convolutions;
import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Per-frame image-quality measures for video prediction on frames with values in
 * [0, 1], each returning one value per frame, (N,):
 * <ul>
 * <li>MSE per pixel, and per frame as the sum over its pixels (the convention of the
 *     Moving MNIST tables of Srivastava et al. and PredRNN: per-pixel × H·W);</li>
 * <li>PSNR {@code 10·log10(1 / MSE)} with data range 1;</li>
 * <li>SSIM of Wang et al. (2004): 11×11 Gaussian window, σ = 1.5, K1 = 0.01,
 *     K2 = 0.03, valid positions only (as the authors' reference code), averaged over
 *     the frame;</li>
 * <li>SSIM in the convention of PredRNN and OpenSTL (scikit-image's
 *     {@code structural_similarity} with its defaults and data range 1): 7×7 uniform
 *     window, K1 = 0.01, K2 = 0.03, variances and covariance multiplied by N/(N − 1) with
 *     N = 49 ({@code use_sample_covariance=True}), valid positions only (scikit-image
 *     filters with reflected borders and then crops 3 pixels on each side, which leaves
 *     the same positions), averaged over the frame.</li>
 * </ul>
 * Every window is separable and passes through {@link Convolutions#conv2d} as two one-dimensional passes.
 */
public final class VideoMetrics {
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;
    /** The uniform window of the PredRNN/OpenSTL convention. */
    static final int UNIFORM_WINDOW = 7;
    /** Truth pixels above this value on [0, 1] are digit pixels (any stored byte above 0; the background is exactly 0). */
    public static final double DIGIT_THRESHOLD = 0.0;

    private VideoMetrics() {}

    /** (N, 1, H, W) pairs → (N,) mean squared error per pixel. */
    public static Tensor msePerPixel(Tensor predicted, Tensor truth) {
        return perFrame(predicted.sub(truth).square());
    }

    /** (N,) PSNR in dB for data range 1; the MSE is floored at 1e-10, so a perfect frame gives 100 dB. */
    public static Tensor psnr(Tensor predicted, Tensor truth) {
        return Ops.mul(torch.log10(msePerPixel(predicted, truth).clamp_min(new Scalar(1e-10))), -10.0);
    }

    /** (N, 1, H, W) pairs → (N,) mean SSIM, 11×11 Gaussian window. */
    public static Tensor ssim(Tensor predicted, Tensor truth) {
        return ssim(predicted, truth, window(predicted), 1.0);                 // (11,): the window is its outer square
    }

    /**
     * (N, 1, H, W) pairs → (N,) mean SSIM in the PredRNN/OpenSTL convention: 7×7 uniform
     * window, data range 1, sample covariance (× 49/48).
     */
    public static Tensor ssimUniform(Tensor predicted, Tensor truth) {
        int n = UNIFORM_WINDOW * UNIFORM_WINDOW;
        float[] w = new float[UNIFORM_WINDOW];
        java.util.Arrays.fill(w, 1f / UNIFORM_WINDOW);
        return ssim(predicted, truth, Ops.fromFloats(w, predicted.device(), UNIFORM_WINDOW), n / (n - 1.0));
    }

    /** SSIM with the window {@code w}⊗{@code w}, {@code w} (k,), the (co)variances multiplied by {@code covNorm}. */
    private static Tensor ssim(Tensor predicted, Tensor truth, Tensor w, double covNorm) {
        Tensor muX = blur(predicted, w), muY = blur(truth, w);         // (N, 1, H−k+1, W−k+1)
        Tensor sxx = blur(predicted.square(), w).sub(muX.square());
        Tensor syy = blur(truth.square(), w).sub(muY.square());
        Tensor sxy = blur(predicted.mul(truth), w).sub(muX.mul(muY));
        if (covNorm != 1.0) {
            sxx = Ops.mul(sxx, covNorm);
            syy = Ops.mul(syy, covNorm);
            sxy = Ops.mul(sxy, covNorm);
        }
        Tensor num = Ops.add(Ops.mul(muX.mul(muY), 2), C1).mul(Ops.add(Ops.mul(sxy, 2), C2));
        Tensor den = Ops.add(muX.square().add(muY.square()), C1).mul(Ops.add(sxx.add(syy), C2));
        return perFrame(num.div(den));
    }

    /**
     * (N, 1, H, W) truth on [0, 1] → (N, 1, H, W) mask, 1 where the pixel lies more than
     * {@code radius} pixels in Chebyshev distance (max(|Δrow|, |Δcolumn|)) from every digit
     * pixel (value above {@link #DIGIT_THRESHOLD}), 0 elsewhere. Such pixels are background.
     * The count of digit pixels in the (2·radius + 1)² square around each pixel is a
     * convolution of the 0/1 digit mask with a square of ones (zero padding: nothing lies
     * outside the frame); it is a small integer, so the test against 0 is exact.
     */
    public static Tensor farFromDigits(Tensor truth, int radius) {
        int k = 2 * radius + 1;
        float[] ones = new float[k];
        java.util.Arrays.fill(ones, 1f);
        Tensor padded = torch.constant_pad_nd(digits(truth), new long[] {radius, radius, radius, radius}, new Scalar(0.0));
        Tensor near = blur(padded, Ops.fromFloats(ones, truth.device(), k));
        return near.lt(new Scalar(0.5)).to(truth.scalar_type());
    }

    /** Truth on [0, 1] → the same shape, 1 on digit pixels (above {@link #DIGIT_THRESHOLD}), 0 on background. */
    public static Tensor digits(Tensor truth) {
        return truth.gt(new Scalar(DIGIT_THRESHOLD)).to(truth.scalar_type());
    }

    /** (N, …) → (N,) mean over everything but the first dimension. */
    private static Tensor perFrame(Tensor t) {
        return t.flatten(1, -1).mean(new long[] {1}, false, new ScalarTypeOptional());
    }

    /**
     * {@code x} (N, 1, H, W) filtered by the separable window {@code w}⊗{@code w}, {@code w}
     * (k,): along the width, then along the height, valid positions only (N, 1, H−k+1, W−k+1).
     * Two passes of k taps instead of one of k², the same sums in another order.
     */
    private static Tensor blur(Tensor x, Tensor w) {
        long k = w.size(0);
        Tensor rows = Convolutions.conv2d(x, w.view(1, 1, 1, k), null, 1, 0);
        return Convolutions.conv2d(rows, w.view(1, 1, k, 1), null, 1, 0);
    }

    /** The normalised 1-D Gaussian whose outer square is the 2-D window, on the device of {@code like}. */
    private static Tensor window(Tensor like) {
        float[] g = new float[WINDOW];
        double total = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            g[i] = (float) Math.exp(-d * d / (2 * SIGMA * SIGMA));
            total += g[i];
        }
        float[] w = new float[WINDOW];
        for (int i = 0; i < WINDOW; i++) w[i] = (float) (g[i] / total);
        return Ops.fromFloats(w, like.device(), WINDOW);
    }
}
