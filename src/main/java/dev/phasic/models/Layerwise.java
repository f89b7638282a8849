package dev.phasic.models;

import org.bytedeco.pytorch.Tensor;

/**
 * A hierarchy whose bottom-up pass comes apart layer by layer, as its top-down pass does
 * ({@link HierarchicalModel#predict}): what {@link LocalCredit} needs to cut the graph between
 * conditionals. The wake pass must be {@code h_0 = input(x)}, then {@code h_l = infer(l, h_{l−1})}
 * for every layer above, drawing its noise in that order.
 */
public interface Layerwise extends HierarchicalModel {
    /** The input as the wake pass's layer 0 (a model of vectors flattens it). */
    Tensor input(Tensor x);

    /** One bottom-up step: a sample of {@code q(h_layer | h_{layer−1} = below)}, {@code layer ≥ 1}. */
    Tensor infer(int layer, Tensor below);
}
