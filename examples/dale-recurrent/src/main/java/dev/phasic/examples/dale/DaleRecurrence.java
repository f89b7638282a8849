package dev.phasic.examples.dale;

import dev.phasic.nn.Gaussian;
import dev.phasic.nn.Buffer;
import dev.phasic.nn.Flops;
import dev.phasic.nn.Module;
import dev.phasic.nn.Parameter;
import dev.phasic.torch.Ops;
import java.util.Arrays;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A stochastic recurrence under Dale's law on a population of {@code n} units, the last
 * {@code inhibitory} of them inhibitory. Unit j's rate is softplus(z0_j) ≥ 0; the recurrent
 * input is {@code r ~ N(W·rate + b, σ²)} with {@code W = |W_raw|·diag(sign)}, so every weight
 * leaving unit j has unit j's sign whatever W_raw learns, and the gradient reaches W_raw
 * through the absolute value. σ is a learned per-unit noise level. The layer's activity is
 * the mean {@code (z0 + r)/2}, as in architecture A's recurrence.
 */
public final class DaleRecurrence extends Module {
    private final Parameter raw;    // (n, n): row i receives, column j sends
    private final Parameter bias;   // (n)
    private final Parameter noise;  // (n): σ's softplus pre-activation
    private final Buffer sign;      // (1, n): +1 excitatory, −1 inhibitory; fixed, so a buffer (saved, moved, never trained)

    public DaleRecurrence(int n, int inhibitory, double stdBias, Device device) {
        int excitatory = n - inhibitory;
        float[] s = new float[n];
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            s[j] = j < excitatory ? 1 : -1;
            // inhibitory columns start nE/nI times stronger, so that at equal rates excitation and
            // inhibition cancel and the recurrence starts near balance instead of runaway excitation
            scale[j] = j < excitatory || inhibitory == 0 ? 1 : (float) excitatory / inhibitory;
        }
        double bound = 1.0 / Math.sqrt(n); // as a Linear layer's initialisation
        Tensor magnitude = Ops.rand(device, n, n).mul(Ops.fromFloats(scale, device, 1, n));
        raw = registerParameter("raw", Ops.mul(magnitude, bound));
        float[] noiseStart = new float[n];
        Arrays.fill(noiseStart, (float) stdBias); // small initial noise, as Phasic's Gaussian layers start
        bias = registerParameter("bias", Ops.fromFloats(new float[n], device, n));
        noise = registerParameter("noise", Ops.fromFloats(noiseStart, device, n));
        sign = registerBuffer("sign", Ops.fromFloats(s, device, 1, n));
    }

    /** The effective recurrent weights (n, n): column j carries unit j's sign. */
    public Tensor weight() {
        return raw.value().abs().mul(sign.value());
    }

    /** (B, n) → (B, n), drawing fresh noise. */
    public Tensor forward(Tensor z0) {
        Tensor rate = torch.softplus(z0);                                              // (B, n), ≥ 0
        Tensor w = weight();
        Tensor mean = Ops.linear(rate, w, bias.value());                                // (B, n)
        if (Flops.active()) Flops.add(Flops.linear(rate.size(0), w.size(1), w.size(0)), rate, raw.value()); // phasic bench's count
        Tensor std = torch.softplus(noise.value()).unsqueeze(0).expand_as(mean);        // (B, n)
        return Ops.mul(z0.add(new Gaussian(mean, std).sample()), 0.5);
    }
}
