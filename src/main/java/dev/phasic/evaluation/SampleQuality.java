package dev.phasic.evaluation;

import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.models.HierarchicalModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Prior samples judged by the independent classifier (docs/DESIGN.md §4): the Fréchet distance
 * between its penultimate features of samples and of test images, and the class
 * histogram of samples (mode coverage).
 */
public final class SampleQuality {
    private SampleQuality() {}

    public record Result(double frechet, int[] classHistogram, double classEntropyBits) {}

    public static Result measure(HierarchicalModel model, Classifier judge, ImageDataset test, int n, Device device) {
        int count = Math.min(n, test.count());
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor real = Images.batch(test, 0, count, device);
            Tensor samples = model.sleep(count).get(0).reshape(count, test.channels(), test.height(), test.width());
            double fd = Frechet.distance(judge.features(real), judge.features(samples));
            long[] cls = Classifiers.predict(judge, samples);
            int[] hist = new int[Math.max(10, test.classes())];
            for (long c : cls) hist[(int) c]++;
            double h = 0;
            for (int k : hist) if (k > 0) h -= k / (double) count * Math.log(k / (double) count) / Math.log(2);
            return new Result(fd, hist, h);
        }
    }
}
