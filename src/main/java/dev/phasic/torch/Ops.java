package dev.phasic.torch;

import java.lang.ref.Reference;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A small facade over libtorch so callers never write {@code new Scalar} or vector
 * wrappers. Every call allocates its native helpers in the caller's pointer scope.
 */
public final class Ops {
    private Ops() {}

    public static Tensor mul(Tensor t, double s) {
        return t.mul(new Scalar(s));
    }

    public static Tensor add(Tensor t, double s) {
        return t.add(new Scalar(s));
    }

    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return torch.linear(x, weight, new TensorOptional(bias));
    }

    public static Tensor leakyRelu(Tensor x, double slope) {
        return torch.leaky_relu(x, new Scalar(slope));
    }

    /**
     * {@link #leakyRelu} written over {@code x} and returned: for a layer's fresh output that
     * nothing else reads (a linear map's or a convolution's backward pass needs its input, not its
     * output). Autograd differentiates it from the result, so the values and gradients are the
     * same, twice over, and the step allocates one tensor fewer.
     */
    public static Tensor leakyReluInPlace(Tensor x, double slope) {
        return torch.leaky_relu_(x, new Scalar(slope));
    }

    /** {@code relu} written over {@code x} and returned, as {@link #leakyReluInPlace}. */
    public static Tensor reluInPlace(Tensor x) {
        return torch.relu_(x);
    }

    public static Tensor cat(List<Tensor> parts, long dim) {
        return torch.cat(new TensorVector(parts.toArray(new Tensor[0])), dim);
    }

    /** (B, ...) → (B, D). */
    public static Tensor flatten(Tensor t) {
        return t.reshape(t.size(0), -1);
    }

    /** Standard normal noise; world-size invariant inside {@link Shard#during}. */
    public static Tensor randn(Device device, long... shape) {
        return Shard.randn(device, shape);
    }

    /** Uniform [0, 1) noise; world-size invariant inside {@link Shard#during}. */
    public static Tensor rand(Device device, long... shape) {
        return Shard.rand(device, shape);
    }

    /** One bulk copy of a Java array into a tensor on {@code device}. */
    public static Tensor fromFloats(float[] data, Device device, long... shape) {
        Tensor cpu = AbstractTensor.create(data, shape);
        return device.is_cpu() ? cpu : cpu.to(device, torch.ScalarType.Float);
    }

    /** int64 tensor from a Java array, on {@code device}. */
    public static Tensor fromLongs(long[] data, Device device) {
        Tensor cpu = AbstractTensor.create(data, data.length);
        return device.is_cpu() ? cpu : cpu.to(device, torch.ScalarType.Long);
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = t.detach().cpu().to(torch.ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        new LongPointer(c.data_ptr_long()).capacity(out.length).get(out);
        Reference.reachabilityFence(c); // c owns the memory being copied: keep it alive until the copy ends
        return out;
    }

    /** One bulk copy of a float tensor (any device) into a Java array. */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.detach().cpu().to(torch.ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        new FloatPointer(c.data_ptr_float()).capacity(out.length).get(out);
        Reference.reachabilityFence(c); // c owns the memory being copied: keep it alive until the copy ends
        return out;
    }

    public static long[] shape(Tensor t) {
        long[] s = new long[(int) t.dim()];
        for (int i = 0; i < s.length; i++) s[i] = t.size(i);
        return s;
    }
}
