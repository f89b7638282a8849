package dev.phasic.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.phasic.UserError;
import dev.phasic.torch.Native;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Buffers: saved and loaded with the weights, moved with the module, never trained. */
class ModuleTest {
    /** A linear map whose output signs are fixed, as a plug-in's Dale mask would be. */
    private static final class Signed extends Module {
        final Linear linear = registerModule("linear", new Linear(3, 2));
        final Buffer sign = registerBuffer("sign", torch.tensor(new float[] {1, -1}));
    }

    @Test
    void aBufferIsCheckpointedButNotTrained() {
        Native.init();
        Signed a = new Signed();
        assertEquals(List.of("linear.weight", "linear.bias", "sign"), List.copyOf(a.stateDict().keySet()));
        assertEquals(2, a.parameters().size(), "the optimiser sees the parameters alone");
        assertFalse(a.sign.value().requires_grad());
        Signed b = new Signed();
        b.sign.value().fill_(new org.bytedeco.pytorch.Scalar(5));
        a.loadStateDict(b.stateDict());
        assertEquals(5.0, a.sign.value().sum().item_double() / 2, 1e-9, "loaded with the weights");
        Map<String, Tensor> weightsOnly = Map.of("linear.weight", b.linear.stateDict().get("weight"), "linear.bias", b.linear.stateDict().get("bias"));
        UserError e = assertThrows(UserError.class, () -> a.loadStateDict(weightsOnly));
        assertEquals("weights do not match the model: missing [sign], unexpected []", e.getMessage());
    }
}
