package dev.phasic.data;

import org.bytedeco.pytorch.Tensor;

/**
 * Where a run's training batches come from: a function of the global step alone, so a
 * resumed run sees the same batches. Build outside any pointer scope.
 */
public interface BatchSource {
    /** Batches per (nominal) epoch; grids and epoch counts follow it. */
    int stepsPerEpoch();

    /** The inputs of global step {@code step}: (B, C, H, W) in [-1, 1] on the device. */
    Tensor images(long step);
}
