package dev.phasic.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class VideoMetricsTest {
    private static final Device CPU = new Device("cpu");

    @Test
    void identicalFramesArePerfect() {
        Native.init();
        try (PointerScope scope = new PointerScope()) {
            float[] f = random(new Random(1), 2 * 32 * 32);
            Tensor a = Ops.fromFloats(f, CPU, 2, 1, 32, 32);
            for (float v : Ops.toFloats(VideoMetrics.msePerPixel(a, a))) assertEquals(0, v, 0);
            for (float v : Ops.toFloats(VideoMetrics.psnr(a, a))) assertEquals(100, v, 1e-4);
            for (float v : Ops.toFloats(VideoMetrics.ssim(a, a))) assertEquals(1, v, 1e-5);
            for (float v : Ops.toFloats(VideoMetrics.ssimUniform(a, a))) assertEquals(1, v, 1e-5);
        }
    }

    @Test
    void uniformSsimOfAFaintHazeOnBackgroundIsItsLuminanceTerm() {
        Native.init();
        // flat frames have no variance: SSIM = (2·μx·μy + C1) / (μx² + μy² + C1); against an empty truth a haze ε
        // gives C1 / (ε² + C1), 1e-4 / 7.25e-4 for ε = 0.025, at every window position
        float[] haze = new float[10 * 10];
        java.util.Arrays.fill(haze, 0.025f);
        try (PointerScope scope = new PointerScope()) {
            Tensor a = Ops.fromFloats(haze, CPU, 1, 1, 10, 10), b = Ops.fromFloats(new float[100], CPU, 1, 1, 10, 10);
            assertEquals(1e-4 / (0.025 * 0.025 + 1e-4), Ops.toFloats(VideoMetrics.ssimUniform(a, b))[0], 1e-5);
        }
    }

    @Test
    void uniformSsimUsesTheSampleCovarianceOfItsSevenBySevenWindow() {
        Native.init();
        // one 7×7 window; the truth is one pixel at 1, the prediction empty: μy = 1/49, and the sample variance
        // (49/48)·(1/49 − 1/49²) = 1/49 (the population variance would be 48/49²); μx = σx = σxy = 0, so
        // SSIM = C1 / (1/49² + C1) · C2 / (1/49 + C2)
        float[] one = new float[49];
        one[24] = 1f;
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Ops.fromFloats(new float[49], CPU, 1, 1, 7, 7), y = Ops.fromFloats(one, CPU, 1, 1, 7, 7);
            double c1 = VideoMetrics.C1, c2 = VideoMetrics.C2;
            double expected = c1 / (1 / (49.0 * 49) + c1) * c2 / (1 / 49.0 + c2);
            assertEquals(expected, Ops.toFloats(VideoMetrics.ssimUniform(x, y))[0], 1e-4 * expected);
        }
    }

    @Test
    void uniformSsimMatchesADirectImplementation() {
        Native.init();
        int s = 12;
        Random rng = new Random(4);
        float[] x = random(rng, 2 * s * s), y = new float[2 * s * s];
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1f, Math.max(0f, x[i] * 0.6f + 0.4f * rng.nextFloat()));
        try (PointerScope scope = new PointerScope()) {
            float[] got = Ops.toFloats(VideoMetrics.ssimUniform(Ops.fromFloats(x, CPU, 2, 1, s, s), Ops.fromFloats(y, CPU, 2, 1, s, s)));
            for (int f = 0; f < 2; f++) {
                float[] xf = java.util.Arrays.copyOfRange(x, f * s * s, (f + 1) * s * s);
                float[] yf = java.util.Arrays.copyOfRange(y, f * s * s, (f + 1) * s * s);
                assertEquals(directUniform(xf, yf, s), got[f], 1e-4);
            }
        }
    }

    /** scikit-image's structural_similarity with its defaults and data range 1, written out: 7×7 uniform window, sample (co)variances, valid positions. */
    private static double directUniform(float[] x, float[] y, int s) {
        int k = VideoMetrics.UNIFORM_WINDOW, n = k * k;
        double sum = 0;
        int count = 0;
        for (int r = 0; r + k <= s; r++) {
            for (int c = 0; c + k <= s; c++) {
                double mx = 0, my = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        mx += x[(r + i) * s + c + j] / (double) n;
                        my += y[(r + i) * s + c + j] / (double) n;
                    }
                }
                double vx = 0, vy = 0, cxy = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        double a = x[(r + i) * s + c + j] - mx, b = y[(r + i) * s + c + j] - my;
                        vx += a * a / (n - 1);
                        vy += b * b / (n - 1);
                        cxy += a * b / (n - 1);
                    }
                }
                sum += ((2 * mx * my + VideoMetrics.C1) * (2 * cxy + VideoMetrics.C2))
                        / ((mx * mx + my * my + VideoMetrics.C1) * (vx + vy + VideoMetrics.C2));
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void knownNoiseLevelGivesItsPsnrAndSsim() {
        Native.init();
        int s = 256;
        double sigma = 0.1;
        Random rng = new Random(2);
        float[] clean = new float[s * s], noisy = new float[s * s];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = 0.5f;
            noisy[i] = (float) (0.5 + sigma * rng.nextGaussian());
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor a = Ops.fromFloats(noisy, CPU, 1, 1, s, s), b = Ops.fromFloats(clean, CPU, 1, 1, s, s);
            assertEquals(sigma * sigma, Ops.toFloats(VideoMetrics.msePerPixel(a, b))[0], 0.02 * sigma * sigma);
            assertEquals(20.0, Ops.toFloats(VideoMetrics.psnr(a, b))[0], 0.1, "PSNR of σ = 0.1 noise is 20 dB");
            // a flat reference has no variance or covariance, so SSIM = E[C2 / (V + C2)] with V the windowed
            // noise variance, a quadratic form in the noise with A = diag(w) − wwᵀ: E[V] = σ²·(1 − Σw²),
            // Var[V] = 2σ⁴·tr(A²) = 2σ⁴·(Σw² − 2Σw³ + (Σw²)²); second order in V's spread
            double sumW2 = 0, sumW3 = 0, total = 0;
            double[] g = new double[VideoMetrics.WINDOW];
            for (int i = 0; i < g.length; i++) {
                double d = i - (g.length - 1) / 2.0;
                g[i] = Math.exp(-d * d / (2 * VideoMetrics.SIGMA * VideoMetrics.SIGMA));
                total += g[i];
            }
            for (double x : g) {
                for (double y : g) {
                    double w = x * y / (total * total);
                    sumW2 += w * w;
                    sumW3 += w * w * w;
                }
            }
            double mean = sigma * sigma * (1 - sumW2) + VideoMetrics.C2;
            double var = 2 * Math.pow(sigma, 4) * (sumW2 - 2 * sumW3 + sumW2 * sumW2);
            double expected = VideoMetrics.C2 / mean * (1 + var / (mean * mean));
            assertEquals(expected, Ops.toFloats(VideoMetrics.ssim(a, b))[0], 0.015 * expected);
        }
    }

    @Test
    void ssimMatchesADirectImplementation() {
        Native.init();
        int s = 20;
        Random rng = new Random(3);
        float[] x = random(rng, s * s), y = new float[s * s];
        for (int i = 0; i < y.length; i++) y[i] = Math.min(1f, Math.max(0f, x[i] * 0.7f + 0.3f * rng.nextFloat()));
        try (PointerScope scope = new PointerScope()) {
            double got = Ops.toFloats(VideoMetrics.ssim(Ops.fromFloats(x, CPU, 1, 1, s, s), Ops.fromFloats(y, CPU, 1, 1, s, s)))[0];
            assertEquals(direct(x, y, s), got, 1e-4);
        }
    }

    /** SSIM of Wang et al. written out loop by loop: windowed means, variances and covariance at every valid position. */
    private static double direct(float[] x, float[] y, int s) {
        int k = VideoMetrics.WINDOW;
        double[][] w = new double[k][k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double di = i - (k - 1) / 2.0, dj = j - (k - 1) / 2.0;
                w[i][j] = Math.exp(-(di * di + dj * dj) / (2 * VideoMetrics.SIGMA * VideoMetrics.SIGMA));
                total += w[i][j];
            }
        }
        double sum = 0;
        int count = 0;
        for (int r = 0; r + k <= s; r++) {
            for (int c = 0; c + k <= s; c++) {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        double wt = w[i][j] / total, a = x[(r + i) * s + c + j], b = y[(r + i) * s + c + j];
                        mx += wt * a;
                        my += wt * b;
                        xx += wt * a * a;
                        yy += wt * b * b;
                        xy += wt * a * b;
                    }
                }
                double vx = xx - mx * mx, vy = yy - my * my, cxy = xy - mx * my;
                sum += ((2 * mx * my + VideoMetrics.C1) * (2 * cxy + VideoMetrics.C2))
                        / ((mx * mx + my * my + VideoMetrics.C1) * (vx + vy + VideoMetrics.C2));
                count++;
            }
        }
        return sum / count;
    }

    private static float[] random(Random rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = rng.nextFloat();
        return out;
    }
}
