package dev.phasic.evaluation;

import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The independent judge of docs/DESIGN.md §4: a small CNN trained on the same data as the
 * model, used for reconstruction identity and for Fréchet distances on its
 * penultimate (128-unit) features. conv 3×3 (32) → pool → conv 3×3 (64) → pool →
 * 128 → classes.
 */
public final class Classifier extends Module {
    public static final int FEATURES = 128;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear hidden;
    private final Linear out;

    public Classifier(int channels, int height, int width, int classes, Device device) {
        conv1 = registerModule("conv1", new Conv2d(channels, 32, 3, 1, 1));
        conv2 = registerModule("conv2", new Conv2d(32, 64, 3, 1, 1));
        hidden = registerModule("hidden", new Linear(64L * (height / 4) * (width / 4), FEATURES));
        out = registerModule("out", new Linear(FEATURES, classes));
        to(device);
    }

    /** Penultimate features: (B, C, H, W) in [-1, 1] → (B, 128). */
    public Tensor features(Tensor x) {
        Tensor h = torch.max_pool2d(torch.relu(conv1.forward(x)), 2, 2); // (B, 32, H/2, W/2)
        h = torch.max_pool2d(torch.relu(conv2.forward(h)), 2, 2);        // (B, 64, H/4, W/4)
        return torch.relu(hidden.forward(Ops.flatten(h)));               // (B, 128)
    }

    /** Class logits (B, classes). */
    public Tensor forward(Tensor x) {
        return out.forward(torch.dropout(features(x), 0.3, isTraining()));
    }
}
