package dev.phasic.models;

import dev.phasic.nn.Conv2d;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.nn.PixelNorm;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * A local critic of architecture B (docs/DESIGN.md §3B) for one C×S×S population: two
 * convolutions with LeakyReLU(0.2) and pixelwise normalisation, then a linear score.
 * Kernels and strides shrink with the map: 4×4 stride 2 from 4×4 up, 3×3 stride 1 at
 * 2×2, 1×1 at 1×1. Its features φ are both hidden maps, flattened and concatenated.
 */
public final class ConvCritic extends Module implements Critic {
    private static final double SLOPE = 0.2;
    private final Conv2d c1;
    private final Conv2d c2;
    private final Linear out;
    private final int group; // rows per phase for the minibatch-std feature; 0: no such feature

    public ConvCritic(int channels, int size, int hidden1, int hidden2, Device device) {
        this(channels, size, hidden1, hidden2, 0, device);
    }

    /**
     * {@code group > 0} appends a minibatch-standard-deviation feature before the score
     * (Karras et al. 2017): the across-rows spread of the last hidden map, averaged over
     * its entries, computed separately for every {@code group} consecutive rows (one
     * phase of a batched call). A population whose activity stopped depending on the
     * input has spread near zero, which a per-sample critic cannot see.
     */
    public ConvCritic(int channels, int size, int hidden1, int hidden2, int group, Device device) {
        this.group = group;
        int k = size >= 4 ? 4 : size == 2 ? 3 : 1;
        int stride = size >= 4 ? 2 : 1;
        int pad = size >= 4 ? 1 : size == 2 ? 1 : 0;
        int s2 = size >= 4 ? size / 4 : size;
        c1 = registerModule("c1", new Conv2d(channels, hidden1, k, stride, pad));
        c2 = registerModule("c2", new Conv2d(hidden1, hidden2, k, stride, pad));
        out = registerModule("out", new Linear((long) hidden2 * s2 * s2 + (group > 0 ? 1 : 0), 1));
        to(device);
    }

    @Override
    public Scored forward(Tensor input) {
        Tensor a1 = PixelNorm.apply(Ops.leakyReluInPlace(c1.forward(input), SLOPE)); // (B, H1, S', S')
        Tensor a2 = PixelNorm.apply(Ops.leakyReluInPlace(c2.forward(a1), SLOPE));    // (B, H2, S'', S'')
        Tensor features = Ops.cat(List.of(Ops.flatten(a1), Ops.flatten(a2)), 1);
        Tensor last = Ops.flatten(a2);                                               // (B, F2)
        if (group > 0) last = Ops.cat(List.of(last, spread(last)), 1);               // (B, F2 + 1)
        return new Scored(out.forward(last).reshape(-1), features);
    }

    /** (B, F) → (B, 1): per group of rows, the mean over features of the across-row std. */
    private Tensor spread(Tensor flat) {
        long b = flat.size(0);
        long g = b % group == 0 ? group : b;
        Tensor grouped = flat.reshape(b / g, g, flat.size(1));               // (G, g, F)
        Tensor centred = grouped.sub(grouped.mean(new long[] {1}, true, new ScalarTypeOptional()));
        Tensor std = Ops.add(centred.square().mean(new long[] {1}, false, new ScalarTypeOptional()), 1e-8).sqrt();
        Tensor perGroup = std.mean(new long[] {1}, true, new ScalarTypeOptional()); // (G, 1)
        return perGroup.unsqueeze(1).expand(new long[] {b / g, g, 1}).reshape(b, 1);
    }

    @Override
    public boolean batchStatistics() {
        return group > 0;
    }

    @Override
    public Module module() {
        return this;
    }
}
