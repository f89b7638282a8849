package dev.phasic.torch;

import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Builds libtorch's Adam with the configured betas. JavaCPP exposes
 * {@code AdamOptions.betas()} with β2 at index 0 and β1 at index 1;
 * this is the one place that knows it, and it checks the layout before writing.
 */
public final class Adams {
    private Adams() {}

    public static Adam create(List<Tensor> parameters, double lr, double beta1, double beta2, double weightDecay) {
        AdamOptions options = new AdamOptions(lr);
        setBetas(options, beta1, beta2);
        options.weight_decay().put(weightDecay);
        return new Adam(new TensorVector(parameters.toArray(new Tensor[0])), options);
    }

    static void setBetas(AdamOptions options, double beta1, double beta2) {
        DoublePointer betas = options.betas();
        if (betas.get(0) != 0.999 || betas.get(1) != 0.9) {
            throw new IllegalStateException("unexpected AdamOptions betas layout (" + betas.get(0) + ", "
                    + betas.get(1) + "); expected the default (0.999, 0.9)");
        }
        betas.put(0, beta2);
        betas.put(1, beta1);
    }

    /** The (β1, β2) that an optimiser actually uses. */
    public static double[] betas(Adam adam) {
        AdamOptions options = new AdamOptions(adam.param_groups().get(0).options());
        DoublePointer betas = options.betas();
        return new double[] {betas.get(1), betas.get(0)};
    }

    public static void setLearningRate(Adam adam, double lr) {
        adam.param_groups().get(0).options().set_lr(lr);
    }
}
