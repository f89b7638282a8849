package dev.phasic.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ConvLstmCellTest {
    private static final Device CPU = new Device("cpu");

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Sets every weight and bias of the cell's gate convolution. */
    private static void set(ConvLstmCell cell, float[] weight, long[] shape, float[] bias) {
        try (NoGradGuard g = new NoGradGuard()) {
            cell.stateDict().get("gates.weight").copy_(Ops.fromFloats(weight, CPU, shape));
            cell.stateDict().get("gates.bias").copy_(Ops.fromFloats(bias, CPU, bias.length));
        }
    }

    @Test
    void deterministicCellMatchesAHandComputedUpdate() {
        Native.init();
        // one input channel, one hidden channel, 1×1 kernel: gate_k = a_k·x + b_k·h + c_k per pixel
        ConvLstmCell cell = new ConvLstmCell(1, 1, 1, false, 0);
        float[] a = {0.5f, -0.3f, 0.8f, 0.2f}, b = {0.1f, 0.4f, -0.6f, 0.7f}, c = {0.05f, 1.0f, -0.1f, 0.3f};
        float[] w = new float[8];
        for (int k = 0; k < 4; k++) {
            w[2 * k] = a[k];
            w[2 * k + 1] = b[k];
        }
        set(cell, w, new long[] {4, 2, 1, 1}, c);
        float[] xs = {0.9f, -1.2f}, hs = {0.2f, -0.5f}, cs = {0.3f, 1.1f};
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Ops.fromFloats(xs, CPU, 1, 1, 1, 2);
            ConvLstmCell.State next = cell.forward(x, new ConvLstmCell.State(Ops.fromFloats(hs, CPU, 1, 1, 1, 2),
                    Ops.fromFloats(cs, CPU, 1, 1, 1, 2)));
            float[] h = Ops.toFloats(next.h()), cell2 = Ops.toFloats(next.c());
            for (int p = 0; p < 2; p++) {
                double[] g = new double[4];
                for (int k = 0; k < 4; k++) g[k] = a[k] * xs[p] + b[k] * hs[p] + c[k];
                double cNew = sigmoid(g[1]) * cs[p] + sigmoid(g[0]) * Math.tanh(g[2]);
                double hNew = sigmoid(g[3]) * Math.tanh(cNew);
                assertEquals(cNew, cell2[p], 1e-6, "cell state at pixel " + p);
                assertEquals(hNew, h[p], 1e-6, "hidden state at pixel " + p);
            }
        }
    }

    @Test
    void kernelSeesNeighbouringPixels() {
        Native.init();
        ConvLstmCell cell = new ConvLstmCell(1, 1, 3, false, 0);
        float[] w = new float[4 * 2 * 9];
        // only the input gate's "candidate" path reads the input's left neighbour (kernel column 0, centre row)
        w[(2 * 2) * 9 + 3] = 1f;  // g ← x at (0, −1)
        float[] bias = {20f, -20f, 0f, 20f}; // i = 1, f = 0, o = 1
        set(cell, w, new long[] {4, 2, 3, 3}, bias);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Ops.fromFloats(new float[] {0.7f, 0f, 0f}, CPU, 1, 1, 1, 3);
            Tensor zero = Ops.fromFloats(new float[3], CPU, 1, 1, 1, 3);
            float[] c = Ops.toFloats(cell.forward(x, new ConvLstmCell.State(zero, zero)).c());
            assertEquals(0, c[0], 1e-6);
            assertEquals(Math.tanh(0.7), c[1], 1e-6, "the pixel right of the input sees it");
            assertEquals(0, c[2], 1e-6);
        }
    }

    @Test
    void stochasticStateHasTheConfiguredMoments() {
        Native.init();
        Rng.seed(5);
        double stdBias = -1.0;
        ConvLstmCell cell = new ConvLstmCell(1, 1, 1, true, stdBias);
        // zero weights: gates are their biases, so μ = σ(o)·tanh(σ(i)·tanh(g)) and σ_h = softplus(stdBias)
        float[] bias = {0.4f, 0f, 0.9f, -0.2f, (float) stdBias};
        set(cell, new float[5 * 2], new long[] {5, 2, 1, 1}, bias);
        int n = 100_000;
        try (PointerScope scope = new PointerScope()) {
            Tensor zero = Ops.fromFloats(new float[n], CPU, 1, 1, 1, n);
            float[] h = Ops.toFloats(cell.forward(zero, new ConvLstmCell.State(zero, zero)).h());
            double mean = 0, var = 0;
            for (float v : h) mean += v;
            mean /= n;
            for (float v : h) var += (v - mean) * (v - mean);
            double sd = Math.sqrt(var / (n - 1));
            double mu = sigmoid(-0.2) * Math.tanh(sigmoid(0.4) * Math.tanh(0.9));
            double sigma = Math.log1p(Math.exp(stdBias));
            assertEquals(mu, mean, 4 * sigma / Math.sqrt(n), "mean of the sampled state");
            assertEquals(sigma, sd, 0.01 * sigma, "std of the sampled state");
        }
    }
}
