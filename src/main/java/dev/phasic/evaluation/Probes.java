package dev.phasic.evaluation;

import dev.phasic.nn.Linear;
import dev.phasic.torch.Adams;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Linear probes (docs/DESIGN.md §4): multinomial logistic regression from one layer's inferred
 * activity to the label, fitted on training images and scored on held-out ones.
 * Features are standardised with the training statistics; full-batch Adam, L2 1e-4.
 */
public final class Probes {
    private static final int STEPS = 300;

    private Probes() {}

    /** Held-out accuracy of a probe on {@code trainX} (N × D) → {@code testX} (M × D). */
    public static double accuracy(float[] trainX, byte[] trainY, int n, float[] testX, byte[] testY, int m, int d,
                                  Device device) {
        try (PointerScope scope = new PointerScope()) {
            Tensor xs = Ops.fromFloats(trainX, device, n, d);
            Tensor xt = Ops.fromFloats(testX, device, m, d);
            Tensor mean = xs.mean(0);
            Tensor std = Ops.add(xs.std(new long[] {0}, true, false), 1e-6);
            xs = xs.sub(mean).div(std);
            xt = xt.sub(mean).div(std);
            Tensor ys = Ops.fromLongs(labels(trainY, n), device);
            torch.manual_seed(0);
            int classes = 10;
            for (byte y : trainY) classes = Math.max(classes, (y & 0xff) + 1);
            Linear probe = new Linear(d, classes);
            probe.to(device);
            Adam adam = Adams.create(probe.parameters(), 1e-2, 0.9, 0.999, 1e-4);
            for (int s = 0; s < STEPS; s++) {
                try (PointerScope step = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
                    adam.zero_grad();
                    torch.cross_entropy_loss(probe.forward(xs), ys).backward();
                    adam.step();
                }
            }
            try (NoGradGuard g = new NoGradGuard()) {
                long[] pred = Ops.toLongs(probe.forward(xt).argmax(new LongOptional(1), false));
                int correct = 0;
                for (int i = 0; i < m; i++) if (pred[i] == (testY[i] & 0xff)) correct++;
                return correct / (double) m;
            }
        }
    }

    private static long[] labels(byte[] y, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = y[i] & 0xff;
        return out;
    }

    /** Accuracy per layer, in layer order. */
    public static double[] perLayer(List<float[]> train, byte[] trainY, int n, List<float[]> test, byte[] testY, int m,
                                    Device device) {
        double[] out = new double[train.size()];
        for (int l = 0; l < out.length; l++) {
            int d = train.get(l).length / n;
            out[l] = accuracy(train.get(l), trainY, n, test.get(l), testY, m, d, device);
        }
        return out;
    }
}
