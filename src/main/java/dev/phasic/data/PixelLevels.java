package dev.phasic.data;

import dev.phasic.torch.Ops;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The one map from stored pixel bytes to model inputs in [-1, 1], {@code v / 127.5 − 1},
 * in Java and as a 256-entry table on a device, so data can stay as bytes on the device
 * (a quarter of the memory of floats) and decode to exactly the floats Java computes.
 */
public final class PixelLevels {
    private final Tensor table; // (256,)

    /** Build outside any pointer scope: the table lives as long as its owner. */
    public PixelLevels(Device device) {
        float[] map = new float[256];
        for (int v = 0; v < 256; v++) map[v] = level(v);
        table = Ops.fromFloats(map, device, 256);
    }

    /** The input value of pixel byte {@code v} (0–255). */
    public static float level(int v) {
        return v / 127.5f - 1f;
    }

    /** Unsigned bytes to a uint8 tensor on the device, one bulk copy. */
    public static Tensor bytes(byte[] data, Device device, long... shape) {
        return AbstractTensor.create(data, false, shape).to(device, torch.ScalarType.Byte);
    }

    /** A uint8 tensor of any shape → the same shape of floats in [-1, 1]. */
    public Tensor decode(Tensor bytes) {
        return table.index_select(0, bytes.flatten().to(torch.ScalarType.Long)).reshape(Ops.shape(bytes));
    }
}
