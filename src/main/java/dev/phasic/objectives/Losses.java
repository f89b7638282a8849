package dev.phasic.objectives;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A scalar loss to minimise and its named terms, still as tensors; convert with
 * {@link #values()} only on logging steps (each read is a device sync). {@code weights}
 * names the terms of which {@code total} is the weighted sum (each with its weight), so
 * their gradients can be told apart ({@link GradientShares}); a term not in it is logged
 * only.
 */
public record Losses(Tensor total, Map<String, Tensor> terms, Map<String, Double> weights) {
    /** Terms logged only: no term's gradient is told apart. */
    public Losses(Tensor total, Map<String, Tensor> terms) {
        this(total, terms, Map.of());
    }

    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        terms.forEach((k, v) -> out.put(k, v.item_double()));
        return out;
    }
}
