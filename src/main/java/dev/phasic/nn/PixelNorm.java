package dev.phasic.nn;

import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/** Pixelwise divisive normalisation across channels (Karras et al. 2017): {@code h / √(mean_c h² + 1e-8)}. */
public final class PixelNorm {
    private PixelNorm() {}

    /** (B, C, H, W) → same shape, unit mean square over C at every pixel. */
    public static Tensor apply(Tensor h) {
        Tensor meanSquare = h.square().mean(new long[] {1}, true, new ScalarTypeOptional()); // (B, 1, H, W)
        return h.div(Ops.add(meanSquare, 1e-8).sqrt());
    }
}
