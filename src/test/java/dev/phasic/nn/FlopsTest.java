package dev.phasic.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasic.torch.Native;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The analytic counts against hand counts, and the convention's multipliers. */
class FlopsTest {
    @Test
    void linearAndConvolutionsMatchHandCounts() {
        Native.init();
        Linear linear = new Linear(20, 30);
        Conv2d conv = new Conv2d(3, 8, 3, 2, 1);
        ConvTranspose2d up = new ConvTranspose2d(8, 4, 4, 2, 1);
        Tensor x = torch.randn(5, 20), image = torch.randn(2, 3, 16, 16), map = torch.randn(2, 8, 8, 8);
        try (NoGradGuard g = new NoGradGuard()) {
            // 5 rows × 20 inputs × 30 outputs multiply-adds
            assertEquals(2L * 5 * 20 * 30, Flops.count(() -> linear.forward(x)));
            // output 2×8×8×8 (stride 2 on 16×16), each a 3·3·3 dot product
            assertEquals(2L * (2 * 8 * 8 * 8) * (3 * 3 * 3), Flops.count(() -> conv.forward(image)));
            // each of the 2·8·8·8 inputs scatters into 4 channels × 4×4 kernel taps
            assertEquals(2L * (2 * 8 * 8 * 8) * (4 * 4 * 4), Flops.count(() -> up.forward(map)));
        }
        assertEquals(2L * 2 * 5 * 20 * 30, Flops.count(() -> linear.forward(x)), "forward and the weights' gradient");
        Tensor xg = x.clone().requires_grad_(true);
        assertEquals(3L * 2 * 5 * 20 * 30, Flops.count(() -> linear.forward(xg)), "forward, input and weight gradients");
        linear.requiresGrad(false);
        assertEquals(2L * 2 * 5 * 20 * 30, Flops.count(() -> linear.forward(xg)), "frozen weights: forward and the input's gradient");
        linear.requiresGrad(true);
        assertEquals(6L * 2 * 5 * 20 * 30, Flops.count(() -> Flops.penalty(() -> linear.forward(x))), "a penalty's pass");
        assertEquals(0L, Flops.count(() -> {}));
    }
}
