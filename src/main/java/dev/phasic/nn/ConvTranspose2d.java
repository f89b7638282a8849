package dev.phasic.nn;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Transposed 2-D convolution with square kernels, initialised as {@code torch.nn.ConvTranspose2d}; kernels: {@link Convolutions}. */
public final class ConvTranspose2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final long stride;
    private final long padding;

    public ConvTranspose2d(long in, long out, long kernel, long stride, long padding) {
        double bound = 1.0 / Math.sqrt(out * kernel * kernel); // torch: fan_in of the (in, out, k, k) weight is out·k²
        weight = registerParameter("weight", torch.empty(in, out, kernel, kernel).uniform_(-bound, bound, new GeneratorOptional()));
        bias = registerParameter("bias", torch.empty(out).uniform_(-bound, bound, new GeneratorOptional()));
        this.stride = stride;
        this.padding = padding;
    }

    /** (B, in, H, W) → (B, out, (H−1)·stride − 2·padding + kernel, …). */
    public Tensor forward(Tensor x) {
        if (Flops.active()) {
            Tensor w = weight.value();                                    // (in, out, k, k)
            Flops.add(Flops.convTranspose(x.size(0), w.size(0), w.size(1), w.size(2), x.size(2), x.size(3)), x, w);
        }
        return Convolutions.convTranspose2d(x, weight.value(), bias.value(), stride, padding);
    }
}
