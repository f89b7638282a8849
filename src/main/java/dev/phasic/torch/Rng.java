package dev.phasic.torch;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Seeds libtorch and saves/restores the CPU generator, so resumed runs draw the same noise. */
public final class Rng {
    private Rng() {}

    public static void seed(long seed) {
        torch.manual_seed(seed);
    }

    public static byte[] cpuState() {
        Tensor state = torch.getDefaultCPUGenerator().get_state().contiguous(); // (5056,) uint8
        byte[] out = new byte[(int) state.numel()];
        new BytePointer(state.data_ptr()).capacity(out.length).get(out);
        Reference.reachabilityFence(state); // state owns the bytes being copied
        return out;
    }

    public static void setCpuState(byte[] state) {
        torch.getDefaultCPUGenerator().set_state(AbstractTensor.create(state, false, state.length));
    }

    /** Runs {@code action} without disturbing the training noise stream (sample grids, evaluation). */
    public static void preserving(Runnable action) {
        byte[] saved = cpuState();
        try {
            action.run();
        } finally {
            setCpuState(saved);
        }
    }
}
