package dev.phasic.recurrent;

import dev.phasic.models.Layerwise;
import dev.phasic.nn.Module;
import dev.phasic.nn.StochasticBlock;
import dev.phasic.torch.Ops;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Architecture A (docs/DESIGN.md §3A): the recurrent stochastic MLP on 28×28 digits.
 * Inference {@code x(784) → 512 → z0(64)}, recurrence {@code z = (z0 + r)/2};
 * generation {@code z → 512 → x0(784)}, recurrence {@code x = (x0 + r)/2}. Pixel samples
 * pass through tanh (data lie in [-1, 1]); z stays linear to match its Gaussian prior.
 */
public final class RecurrentMlp extends Module implements Layerwise {
    /** Sizes and noise of the network; {@code recurrent = false} drops both recurrences. */
    public record Shape(int inputSize, int hidden, int latent, boolean recurrent, double stdBias) {
        public static Shape paper(int inputSize, double stdBias) {
            return new Shape(inputSize, 512, 64, true, stdBias);
        }
    }

    private final Shape shape;
    private final StochasticBlock inference;
    private final StochasticBlock generation;
    private Device device;

    public RecurrentMlp(Shape shape, Device device) {
        this.shape = shape;
        this.inference = registerModule("inference",
                new StochasticBlock(shape.inputSize(), shape.hidden(), shape.latent(), shape.recurrent(), shape.stdBias(),
                        UnaryOperator.identity()));
        this.generation = registerModule("generation",
                new StochasticBlock(shape.latent(), shape.hidden(), shape.inputSize(), shape.recurrent(), shape.stdBias(),
                        torch::tanh));
        this.device = device;
        to(device);
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public List<String> layerNames() {
        return List.of("x", "z");
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        Tensor flat = input(x);                    // (B, 784)
        return List.of(flat, infer(1, flat));      // [(B, 784), (B, 64)]
    }

    @Override
    public Tensor input(Tensor x) {
        return Ops.flatten(x);
    }

    @Override
    public Tensor infer(int layer, Tensor below) {
        if (layer != 1) throw new IllegalArgumentException("layer " + layer + " has no bottom-up conditional");
        return inference.forward(below);
    }

    @Override
    public List<Tensor> sleep(long batch) {
        Tensor z = prior(batch);                       // (B, 64)
        return List.of(generation.forward(z), z);      // [(B, 784), (B, 64)]
    }

    @Override
    public Tensor predict(int layer, Tensor above) {
        if (layer != 0) throw new IllegalArgumentException("layer " + layer + " has no top-down conditional");
        return generation.forward(above);
    }

    @Override
    public Tensor prior(long batch) {
        return Ops.randn(device, batch, shape.latent());
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
