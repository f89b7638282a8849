package dev.phasic.torch;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasic.training.Schedule;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class AdamsTest {
    @Test
    void adamReceivesTheConfiguredBetas() {
        Native.init();
        Tensor p = Ops.fromFloats(new float[] {0f}, new Device("cpu"), 1).requires_grad_(true);
        Adam adam = Adams.create(List.of(p), 0.1, 0.3, 0.7, 0.0);
        assertArrayEquals(new double[] {0.3, 0.7}, Adams.betas(adam), 0.0);
    }

    /** Two steps with different gradients: the update depends on β1 and β2, checked against Adam's formula. */
    @Test
    void updatesFollowAdamWithThoseBetas() {
        Native.init();
        double lr = 0.1, b1 = 0.3, b2 = 0.7, eps = 1e-8;
        Tensor p = Ops.fromFloats(new float[] {0f}, new Device("cpu"), 1).requires_grad_(true);
        Adam adam = Adams.create(List.of(p), lr, b1, b2, 0.0);
        double[] grads = {1.0, -3.0};
        double m = 0, v = 0, x = 0;
        for (int t = 1; t <= 2; t++) {
            try (PointerScope scope = new PointerScope()) {
                adam.zero_grad();
                Ops.mul(p, grads[t - 1]).sum().backward(); // d/dp (g·p) = g
                adam.step();
            }
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t));
            double vHat = v / (1 - Math.pow(b2, t));
            x -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
        assertEquals(x, Ops.toFloats(p)[0], 1e-6);
    }

    @Test
    void scheduleDecaysLinearlyBetweenItsFractions() {
        assertEquals(1.0, Schedule.lrFactor(100, 400, 0.5, 0.625, 0.1), 0);
        assertEquals(1.0, Schedule.lrFactor(200, 400, 0.5, 0.625, 0.1), 0);
        assertEquals(0.55, Schedule.lrFactor(225, 400, 0.5, 0.625, 0.1), 1e-12);
        assertEquals(0.1, Schedule.lrFactor(250, 400, 0.5, 0.625, 0.1), 0);
        assertEquals(0.1, Schedule.lrFactor(399, 400, 0.5, 0.625, 0.1), 0);
    }
}
