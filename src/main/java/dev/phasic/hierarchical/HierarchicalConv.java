package dev.phasic.hierarchical;

import dev.phasic.models.Layerwise;
import dev.phasic.UserError;
import dev.phasic.nn.Container;
import dev.phasic.nn.ConvGaussianLayer;
import dev.phasic.nn.Module;
import dev.phasic.nn.PixelNorm;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Architecture B (docs/DESIGN.md §3B): the hierarchical stochastic DCGAN. Five stochastic
 * layers (default channels 32, 64, 128, 256, 100) at half the resolution of the one
 * below (16, 8, 4, 2, 1 for 32×32 images). Every conditional in both directions is a
 * {@link ConvGaussianLayer}; samples of hidden layers pass through ReLU and pixelwise
 * normalisation, pixels through tanh, and the top layer stays linear to match its
 * N(0, I) prior.
 */
public final class HierarchicalConv extends Module implements Layerwise {
    /** Image shape, channels per stochastic layer (bottom to top), hidden width factor and initial noise. */
    public record Shape(int channels, int imageSize, int[] layerChannels, double stdBias, boolean leaky) {
        public static Shape paper(int channels, int imageSize, double width, double stdBias) {
            return paper(channels, imageSize, width, stdBias, false);
        }

        /** {@code leaky}: LeakyReLU(0.2) instead of ReLU after sampling a hidden layer. */
        public static Shape paper(int channels, int imageSize, double width, double stdBias, boolean leaky) {
            int[] base = {32, 64, 128, 256, 100};
            int[] c = new int[base.length];
            for (int i = 0; i < c.length; i++) c[i] = Math.max(1, (int) Math.round(base[i] * width));
            return new Shape(channels, imageSize, c, stdBias, leaky);
        }

        /** Spatial size of layer l (0 = input). */
        public int size(int l) {
            return imageSize >> l;
        }

        /** Channels of layer l (0 = input). */
        public int channelsOf(int l) {
            return l == 0 ? channels : layerChannels[l - 1];
        }

        public int layers() {
            return layerChannels.length;
        }
    }

    private final Shape shape;
    private final Container inference;
    private final Container generation;
    private final List<ConvGaussianLayer> up = new ArrayList<>();   // q(h_l | h_{l-1}), l = 1..L
    private final List<ConvGaussianLayer> down = new ArrayList<>(); // p(h_l | h_{l+1}), l = 0..L-1
    private final Device device;

    public HierarchicalConv(Shape shape, Device device) {
        this.shape = shape;
        this.device = device;
        if (shape.imageSize() >> shape.layers() < 1 || Integer.bitCount(shape.imageSize()) != 1) {
            throw new UserError("image size must be a power of two ≥ 2^" + shape.layers() + ", found " + shape.imageSize());
        }
        inference = registerModule("inference", new Container());
        generation = registerModule("generation", new Container());
        for (int l = 1; l <= shape.layers(); l++) {
            int in = shape.channelsOf(l - 1), out = shape.channelsOf(l);
            up.add(inference.add("layer" + l,
                    new ConvGaussianLayer(in, Math.max(in, out), out, false, shape.size(l - 1), shape.stdBias())));
        }
        for (int l = 0; l < shape.layers(); l++) {
            int in = shape.channelsOf(l + 1), out = shape.channelsOf(l);
            down.add(generation.add("layer" + l,
                    new ConvGaussianLayer(in, Math.max(in, out), out, true, shape.size(l + 1), shape.stdBias())));
        }
        to(device);
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public List<String> layerNames() {
        List<String> names = new ArrayList<>(List.of("x"));
        for (int l = 1; l < shape.layers(); l++) names.add("h" + l);
        names.add("z");
        return names;
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        List<Tensor> out = new ArrayList<>(List.of(x));              // (B, C, S, S)
        Tensor h = x;
        for (int l = 1; l <= shape.layers(); l++) {
            h = infer(l, h);                                        // (B, C_l, S/2^l, S/2^l)
            out.add(h);
        }
        return out;
    }

    @Override
    public Tensor input(Tensor x) {
        return x;
    }

    @Override
    public Tensor infer(int layer, Tensor below) {
        return activate(layer, up.get(layer - 1).forward(below).sample());
    }

    @Override
    public List<Tensor> sleep(long batch) {
        Tensor[] out = new Tensor[shape.layers() + 1];
        out[shape.layers()] = prior(batch);
        for (int l = shape.layers() - 1; l >= 0; l--) out[l] = predict(l, out[l + 1]);
        return List.of(out);
    }

    @Override
    public Tensor predict(int layer, Tensor above) {
        return activate(layer, down.get(layer).forward(above).sample());
    }

    @Override
    public Tensor prior(long batch) {
        int top = shape.layers();
        return Ops.randn(device, batch, shape.channelsOf(top), shape.size(top), shape.size(top));
    }

    /** Pixels: tanh; hidden layers: ReLU (or LeakyReLU) then pixelwise normalisation; top: linear. */
    private Tensor activate(int layer, Tensor sample) {
        if (layer == 0) return torch.tanh(sample);
        if (layer == shape.layers()) return sample;
        // a ReLU passes no gradient to an entry whose mean sits below zero; top-down predictions
        // lost most of their entries that way (docs/METHODS.md), LeakyReLU keeps them learnable
        return PixelNorm.apply(shape.leaky() ? Ops.leakyRelu(sample, 0.2) : torch.relu(sample));
    }

    @Override
    public Module inference() {
        return inference;
    }

    @Override
    public Module generation() {
        return generation;
    }
}
