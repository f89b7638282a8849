package dev.phasic.evaluation;

import dev.phasic.data.Batches;
import dev.phasic.data.ImageDataset;
import dev.phasic.io.Progress;
import dev.phasic.torch.Adams;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Safetensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains the independent classifier once per dataset and caches it (safetensors) under
 * {@code -Dphasic.cache}, else {@code $PHASIC_CACHE}, else {@code $XDG_CACHE_HOME/phasic}, else {@code ~/.cache/phasic},
 * keyed by the SHA-256 of the training data's provenance.
 */
public final class Classifiers {
    private static final int EPOCHS = 15;
    private static final int SHIFT = 2; // random translation (pixels) per batch: the embedded split is small
    private static final int BATCH = 100;

    private Classifiers() {}

    /** A trained classifier and its accuracy on the test split. */
    public record Trained(Classifier model, double testAccuracy, Path file) {}

    public static Trained forData(ImageDataset train, ImageDataset test, Device device, PrintStream log) throws IOException {
        Path file = cacheDir().resolve("classifier-" + key(train) + ".safetensors");
        Classifier model = create(train, device);
        if (Files.isRegularFile(file)) {
            Map<String, Tensor> state = Safetensors.read(file);
            model.loadStateDict(state);
        } else {
            log.println("training the independent classifier for " + train.name() + " (cached in " + file + ")");
            fit(model, train, device, log);
            Files.createDirectories(file.getParent());
            Safetensors.write(model.stateDict(), Map.of("data", train.provenance()), file);
        }
        model.train(false);
        return new Trained(model, accuracy(model, test, device), file);
    }

    /** A fresh classifier with a fixed initialisation. */
    public static Classifier create(ImageDataset train, Device device) {
        torch.manual_seed(1234);
        return new Classifier(train.channels(), train.height(), train.width(), Math.max(10, train.classes()), device);
    }

    static void fit(Classifier model, ImageDataset train, Device device) {
        fit(model, train, device, null);
    }

    /** Trains on {@code train}; one progress line per epoch on {@code log} (null: quiet). */
    static void fit(Classifier model, ImageDataset train, Device device, PrintStream log) {
        Progress progress = new Progress(log, 0, EPOCHS, "epoch");
        torch.manual_seed(4321);
        model.train(true);
        Adam adam = Adams.create(model.parameters(), 1e-3, 0.9, 0.999, 0.0);
        Tensor images = Ops.fromFloats(train.allImages(), device, train.count(), train.channels(), train.height(), train.width());
        long[] l = new long[train.count()];
        for (int i = 0; i < l.length; i++) l[i] = train.labels()[i] & 0xff;
        Tensor labels = Ops.fromLongs(l, device);
        SplittableRandom rng = new SplittableRandom(99);
        int steps = train.count() / BATCH;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            long[] order = Batches.shuffled(train.count(), rng);
            for (int s = 0; s < steps; s++) {
                try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
                    Tensor idx = Ops.fromLongs(Arrays.copyOfRange(order, s * BATCH, (s + 1) * BATCH), device);
                    Tensor x = torch.roll(images.index_select(0, idx),
                            new long[] {rng.nextInt(2 * SHIFT + 1) - SHIFT, rng.nextInt(2 * SHIFT + 1) - SHIFT}, 2, 3);
                    adam.zero_grad();
                    torch.cross_entropy_loss(model.forward(x), labels.index_select(0, idx)).backward();
                    adam.step();
                }
            }
            progress.update(epoch + 1, Map.of());
        }
        progress.finish();
    }

    /** Predicted classes of images (N, C, H, W) in [-1, 1], in batches. */
    public static long[] predict(Classifier model, Tensor images) {
        long n = images.size(0);
        long[] out = new long[(int) n];
        try (NoGradGuard g = new NoGradGuard()) {
            for (long start = 0; start < n; start += 500) {
                try (PointerScope scope = new PointerScope()) {
                    long len = Math.min(500, n - start);
                    Tensor pred = model.forward(images.narrow(0, start, len)).argmax(new LongOptional(1), false);
                    long[] p = Ops.toLongs(pred);
                    System.arraycopy(p, 0, out, (int) start, p.length);
                }
            }
        }
        return out;
    }

    public static double accuracy(Classifier model, ImageDataset test, Device device) {
        try (PointerScope scope = new PointerScope()) {
            Tensor images = Ops.fromFloats(test.allImages(), device, test.count(), test.channels(), test.height(), test.width());
            long[] pred = predict(model, images);
            int correct = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == (test.labels()[i] & 0xff)) correct++;
            return correct / (double) pred.length;
        }
    }

    static Path cacheDir() {
        String property = System.getProperty("phasic.cache");
        if (property != null && !property.isBlank()) return Path.of(property);
        String explicit = System.getenv("PHASIC_CACHE");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "phasic");
        return Path.of(System.getProperty("user.home"), ".cache", "phasic");
    }

    private static String key(ImageDataset train) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    ("classifier-v3|" + EPOCHS + "|" + train.provenance()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
