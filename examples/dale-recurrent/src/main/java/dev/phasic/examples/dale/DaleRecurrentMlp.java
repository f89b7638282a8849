package dev.phasic.examples.dale;

import dev.phasic.models.HierarchicalModel;
import dev.phasic.nn.GaussianLayer;
import dev.phasic.nn.Module;
import dev.phasic.nn.StochasticBlock;
import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Architecture A with a latent recurrence under Dale's law. Inference
 * {@code x → hidden → z0}, then the excitatory-inhibitory recurrence
 * {@code z = (z0 + r)/2} ({@link DaleRecurrence}); generation is architecture A's:
 * {@code z → hidden → x0}, its recurrence on the pixels, and tanh (data lie in [−1, 1]).
 */
public final class DaleRecurrentMlp extends Module implements HierarchicalModel {
    private final Inference inference;
    private final StochasticBlock generation;
    private final int population;
    private final Device device;

    public DaleRecurrentMlp(int inputSize, int hidden, DaleOptions options, double stdBias, Device device) {
        this.population = options.population();
        this.inference = registerModule("inference", new Inference(
                new GaussianLayer(inputSize, hidden, population, stdBias),
                new DaleRecurrence(population, options.inhibitory(), stdBias, device)));
        this.generation = registerModule("generation",
                new StochasticBlock(population, hidden, inputSize, true, stdBias, torch::tanh));
        this.device = device;
        to(device);
    }

    /** The bottom-up pass: a Gaussian layer, then the recurrence on its sample. */
    private static final class Inference extends Module {
        private final GaussianLayer layer;
        private final DaleRecurrence recurrence;

        Inference(GaussianLayer layer, DaleRecurrence recurrence) {
            this.layer = registerModule("layer", layer);
            this.recurrence = registerModule("recurrence", recurrence);
        }

        Tensor forward(Tensor x) {
            return recurrence.forward(layer.forward(x).sample()); // z stays linear to match its Gaussian prior
        }
    }

    /** The latent recurrence, for analysis and tests. */
    public DaleRecurrence recurrence() {
        return inference.recurrence;
    }

    @Override
    public List<String> layerNames() {
        return List.of("x", "z");
    }

    @Override
    public List<Tensor> wake(Tensor x) {
        Tensor flat = Ops.flatten(x);                   // (B, 784)
        return List.of(flat, inference.forward(flat));  // [(B, 784), (B, n)]
    }

    @Override
    public List<Tensor> sleep(long batch) {
        Tensor z = prior(batch);                        // (B, n)
        return List.of(generation.forward(z), z);
    }

    @Override
    public Tensor predict(int layer, Tensor above) {
        if (layer != 0) throw new IllegalArgumentException("layer " + layer + " has no top-down conditional");
        return generation.forward(above);
    }

    @Override
    public Tensor prior(long batch) {
        return Ops.randn(device, batch, population);
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
