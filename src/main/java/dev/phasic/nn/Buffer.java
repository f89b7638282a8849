package dev.phasic.nn;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * A fixed tensor owned by a module, after {@code torch.nn.Module.register_buffer}: it moves
 * with the module ({@link Module#to}) and is saved and loaded with the weights
 * ({@link Module#stateDict}), but no optimiser sees it and no gradient reaches it (a sign
 * mask, a running statistic). The handle is final; moving replaces the tensor it holds.
 */
public final class Buffer {
    private Tensor value;

    Buffer(Tensor initial) {
        this.value = initial.detach();
    }

    public Tensor value() {
        return value;
    }

    void moveTo(Device device) {
        if (value.device().equals(device)) return;
        value = value.to(device, value.scalar_type());
    }
}
