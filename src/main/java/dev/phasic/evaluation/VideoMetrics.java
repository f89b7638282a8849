package dev.phasic.evaluation;

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
 *     the frame.</li>
 * </ul>
 */
public final class VideoMetrics {
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = 0.01 * 0.01;
    static final double C2 = 0.03 * 0.03;

    private VideoMetrics() {}

    /** (N, 1, H, W) pairs → (N,) mean squared error per pixel. */
    public static Tensor msePerPixel(Tensor predicted, Tensor truth) {
        return perFrame(predicted.sub(truth).square());
    }

    /** (N,) PSNR in dB for data range 1; the MSE is floored at 1e-10, so a perfect frame gives 100 dB. */
    public static Tensor psnr(Tensor predicted, Tensor truth) {
        return Ops.mul(torch.log10(msePerPixel(predicted, truth).clamp_min(new Scalar(1e-10))), -10.0);
    }

    /** (N, 1, H, W) pairs → (N,) mean SSIM. */
    public static Tensor ssim(Tensor predicted, Tensor truth) {
        Tensor w = window(predicted);                                  // (1, 1, 11, 11)
        Tensor muX = blur(predicted, w), muY = blur(truth, w);         // (N, 1, H−10, W−10)
        Tensor sxx = blur(predicted.square(), w).sub(muX.square());
        Tensor syy = blur(truth.square(), w).sub(muY.square());
        Tensor sxy = blur(predicted.mul(truth), w).sub(muX.mul(muY));
        Tensor num = Ops.add(Ops.mul(muX.mul(muY), 2), C1).mul(Ops.add(Ops.mul(sxy, 2), C2));
        Tensor den = Ops.add(muX.square().add(muY.square()), C1).mul(Ops.add(sxx.add(syy), C2));
        return perFrame(num.div(den));
    }

    /** (N, …) → (N,) mean over everything but the first dimension. */
    private static Tensor perFrame(Tensor t) {
        return t.flatten(1, -1).mean(new long[] {1}, false, new ScalarTypeOptional());
    }

    private static Tensor blur(Tensor x, Tensor w) {
        return Convolutions.conv2d(x, w, null, 1, 0);
    }

    /** The normalised 2-D Gaussian window on the device of {@code like}. */
    private static Tensor window(Tensor like) {
        float[] g = new float[WINDOW];
        double total = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - (WINDOW - 1) / 2.0;
            g[i] = (float) Math.exp(-d * d / (2 * SIGMA * SIGMA));
            total += g[i];
        }
        float[] w = new float[WINDOW * WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            for (int j = 0; j < WINDOW; j++) w[i * WINDOW + j] = (float) (g[i] * g[j] / (total * total));
        }
        return Ops.fromFloats(w, like.device(), 1, 1, WINDOW, WINDOW);
    }
}
