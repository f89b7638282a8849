package dev.phasic.evaluation;

import dev.phasic.data.ImageDataset;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.torch.Ops;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Reconstruction {@code x → q → p → x̂} on test images (DESIGN §4): the mean squared
 * pixel error on the [0, 1] intensity scale, and the share of reconstructions that the
 * independent classifier assigns to the input's label (identity kept).
 */
public final class Reconstruction {
    private Reconstruction() {}

    public record Result(double mse, double classAgreement, int count) {}

    public static Result measure(HierarchicalModel model, Classifier classifier, ImageDataset test, int n, Device device) {
        int count = Math.min(n, test.count());
        double sq = 0;
        int agree = 0;
        int batch = 250;
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < count; start += batch) {
                try (PointerScope scope = new PointerScope()) {
                    int len = Math.min(batch, count - start);
                    Tensor x = Activity.images(test, start, len, device);
                    Tensor rec = model.reconstruct(x).reshape(len, test.channels(), test.height(), test.width());
                    sq += Ops.mul(rec.sub(x), 0.5).square().sum().item_double(); // [0,1] intensity scale
                    long[] pred = Classifiers.predict(classifier, rec);
                    for (int i = 0; i < len; i++) if (pred[i] == (test.labels()[start + i] & 0xff)) agree++;
                }
            }
        }
        return new Result(sq / ((double) count * test.imageSize()), agree / (double) count, count);
    }
}
