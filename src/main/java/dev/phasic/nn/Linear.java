package dev.phasic.nn;

import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Affine map {@code y = x Wᵀ + b}, initialised as {@code torch.nn.Linear} (uniform ±1/√fan_in). */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long in, long out) {
        double bound = 1.0 / Math.sqrt(in);
        weight = registerParameter("weight", torch.empty(out, in).uniform_(-bound, bound, new GeneratorOptional())); // (out, in)
        bias = registerParameter("bias", torch.empty(out).uniform_(-bound, bound, new GeneratorOptional()));           // (out,)
    }

    /** (B, in) → (B, out). */
    public Tensor forward(Tensor x) {
        if (Flops.active()) {
            long in = weight.value().size(1);
            Flops.add(Flops.linear(x.numel() / in, in, weight.value().size(0)), x, weight.value());
        }
        return Ops.linear(x, weight.value(), bias.value());
    }

    public Tensor bias() {
        return bias.value();
    }
}
