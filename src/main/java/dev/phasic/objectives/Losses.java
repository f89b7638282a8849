package dev.phasic.objectives;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A scalar loss to minimise and its named terms, still as tensors; convert with
 * {@link #values()} only on logging steps (each read is a device sync).
 */
public record Losses(Tensor total, Map<String, Tensor> terms) {
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        terms.forEach((k, v) -> out.put(k, v.item_double()));
        return out;
    }
}
