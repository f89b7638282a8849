package dev.phasic.evaluation;

import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Reconstruction {@code x → q → p → x̂} on test images (docs/DESIGN.md §4): the mean squared
 * pixel error on the [0, 1] intensity scale, and the share of reconstructions that the
 * independent classifier assigns to the input's label (identity kept). The same is
 * measured from every layer: x̂ generated top-down from the wake activity of layer l,
 * which shows where in a hierarchy the input's identity is lost.
 */
public final class Reconstruction {
    private Reconstruction() {}

    /** Through the top layer, and from each layer l = 1 … L (index l − 1; the last equals the first pair). */
    public record Result(double mse, double classAgreement, int count, double[] mseFrom, double[] agreementFrom) {}

    public static Result measure(HierarchicalModel model, Classifier classifier, ImageDataset test, int n, Device device) {
        int count = Math.min(n, test.count());
        int layers = model.layerNames().size() - 1;
        double[] sq = new double[layers];
        int[] agree = new int[layers];
        int batch = 250;
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < count; start += batch) {
                try (PointerScope scope = new PointerScope()) {
                    int len = Math.min(batch, count - start);
                    Tensor x = Images.batch(test, start, len, device);
                    List<Tensor> wake = model.wake(x);
                    for (int from = 1; from <= layers; from++) {
                        Tensor rec = wake.get(from);
                        for (int l = from - 1; l >= 0; l--) rec = model.predict(l, rec);
                        rec = rec.reshape(len, test.channels(), test.height(), test.width());
                        sq[from - 1] += Ops.mul(rec.sub(x), 0.5).square().sum().item_double(); // [0,1] intensity scale
                        long[] pred = Classifiers.predict(classifier, rec);
                        for (int i = 0; i < len; i++) if (pred[i] == (test.labels()[start + i] & 0xff)) agree[from - 1]++;
                    }
                }
            }
        }
        double[] mse = new double[layers], agreement = new double[layers];
        for (int l = 0; l < layers; l++) {
            mse[l] = sq[l] / ((double) count * test.imageSize());
            agreement[l] = agree[l] / (double) count;
        }
        return new Result(mse[layers - 1], agreement[layers - 1], count, mse, agreement);
    }
}
