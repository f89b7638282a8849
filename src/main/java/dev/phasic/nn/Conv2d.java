package dev.phasic.nn;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** 2-D convolution with square kernels, initialised as {@code torch.nn.Conv2d} (uniform ±1/√fan_in); kernels: {@link Convolutions}. */
public final class Conv2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final long stride;
    private final long padding;

    public Conv2d(long in, long out, long kernel, long stride, long padding) {
        double bound = 1.0 / Math.sqrt(in * kernel * kernel);
        weight = registerParameter("weight", torch.empty(out, in, kernel, kernel).uniform_(-bound, bound, new GeneratorOptional()));
        bias = registerParameter("bias", torch.empty(out).uniform_(-bound, bound, new GeneratorOptional()));
        this.stride = stride;
        this.padding = padding;
    }

    /** (B, in, H, W) → (B, out, H', W'). */
    public Tensor forward(Tensor x) {
        Tensor y = Convolutions.conv2d(x, weight.value(), bias.value(), stride, padding);
        if (Flops.active()) {
            Tensor w = weight.value();
            Flops.add(Flops.conv(y.size(0), w.size(1), w.size(0), w.size(2), y.size(2), y.size(3)), x, w);
        }
        return y;
    }
}
