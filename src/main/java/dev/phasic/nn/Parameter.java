package dev.phasic.nn;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A trainable tensor owned by a module. The handle is final so modules can keep it in
 * final fields; moving to a device replaces the tensor it holds.
 */
public final class Parameter {
    private Tensor value;

    public Parameter(Tensor initial) {
        this.value = initial.detach().requires_grad_(true);
    }

    public Tensor value() {
        return value;
    }

    void moveTo(Device device) {
        if (value.device().equals(device)) return;
        value = value.detach().to(device, torch.ScalarType.Float).requires_grad_(true);
    }

    /** Enables or disables gradient accumulation (critics are frozen during the network step). */
    public void requiresGrad(boolean on) {
        value.requires_grad_(on);
    }
}
