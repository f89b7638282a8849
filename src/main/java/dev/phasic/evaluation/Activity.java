package dev.phasic.evaluation;

import dev.phasic.data.ImageDataset;
import dev.phasic.data.Images;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Layer activity gathered into Java arrays (per layer: N × D, flattened), under wake or sleep. */
public final class Activity {
    private static final int BATCH = 250;

    private Activity() {}

    /** Wake activity of every layer for the first {@code n} images. */
    public static List<float[]> wake(HierarchicalModel model, ImageDataset data, int n, Device device) {
        return wake(model, data, n, device, null);
    }

    /** Wake activity for the first {@code n} images, only of the layers in {@code keep} (null: all; others empty). */
    public static List<float[]> wake(HierarchicalModel model, ImageDataset data, int n, Device device, int[] keep) {
        List<List<float[]>> parts = new ArrayList<>();
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < n; start += BATCH) {
                try (PointerScope scope = new PointerScope()) {
                    int len = Math.min(BATCH, n - start);
                    Tensor x = Images.batch(data, start, len, device);
                    parts.add(toArrays(model.wake(x), keep));
                }
            }
        }
        return concat(parts);
    }

    /** Sleep activity of the layers in {@code keep} (null: all), {@code n} samples. */
    public static List<float[]> sleep(HierarchicalModel model, int n, int[] keep) {
        List<List<float[]>> parts = new ArrayList<>();
        try (NoGradGuard g = new NoGradGuard()) {
            for (int start = 0; start < n; start += BATCH) {
                try (PointerScope scope = new PointerScope()) {
                    parts.add(toArrays(model.sleep(Math.min(BATCH, n - start)), keep));
                }
            }
        }
        return concat(parts);
    }

    private static List<float[]> toArrays(List<Tensor> layers, int[] keep) {
        List<float[]> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            final int layer = l;
            boolean wanted = keep == null || Arrays.stream(keep).anyMatch(k -> k == layer);
            out.add(wanted ? Ops.toFloats(layers.get(l)) : new float[0]);
        }
        return out;
    }

    private static List<float[]> concat(List<List<float[]>> parts) {
        List<float[]> out = new ArrayList<>();
        for (int l = 0; l < parts.get(0).size(); l++) {
            int total = 0;
            for (List<float[]> p : parts) total += p.get(l).length;
            float[] all = new float[total];
            int at = 0;
            for (List<float[]> p : parts) {
                System.arraycopy(p.get(l), 0, all, at, p.get(l).length);
                at += p.get(l).length;
            }
            out.add(all);
        }
        return out;
    }
}
