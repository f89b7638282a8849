package dev.phasic.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fused optimiser against libtorch's Adam: the same updates, and checkpoints each can read from the other. */
class FusedAdamTest {
    private static final Device CPU = new Device("cpu");
    /** A weight decay and betas large and unequal enough that using them wrongly shows at once. */
    private static final double LR = 0.01, B1 = 0.5, B2 = 0.9, WD = 0.5;

    /** Three parameters of different shapes, the same values in both sets. */
    private static List<Tensor> parameters(long seed) {
        Rng.seed(seed);
        List<Tensor> out = new ArrayList<>();
        for (long[] shape : new long[][] {{5}, {3, 4}, {2, 3, 3, 3}}) out.add(Ops.randn(CPU, shape).requires_grad_(true));
        return out;
    }

    private static List<Tensor> copies(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) out.add(p.detach().clone().requires_grad_(true));
        return out;
    }

    /** Gradients of step {@code t} (the same for both sets); parameter 1 has none on step 2, so its count falls behind. */
    private static void backward(List<Tensor> params, int t) {
        try (PointerScope scope = new PointerScope()) {
            Tensor loss = null;
            for (int i = 0; i < params.size(); i++) {
                if (i == 1 && t == 2) continue;
                Tensor p = params.get(i);
                Tensor term = p.mul(p).sum().add(Ops.mul(p.sin().sum(), 0.3 * t));
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
        }
    }

    private static double largestDifference(List<Tensor> a, List<Tensor> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) d = Math.max(d, a.get(i).detach().sub(b.get(i).detach()).abs().max().item_double());
        return d;
    }

    private static void step(Adam adam, List<Tensor> params, int t) {
        adam.zero_grad();
        backward(params, t);
        adam.step();
    }

    private static void step(FusedAdam adam, List<Tensor> params, int t) {
        adam.zeroGrad();
        backward(params, t);
        adam.step();
    }

    @Test
    void updatesAsLibtorchsAdamDoes() {
        Native.init();
        List<Tensor> a = parameters(3), b = copies(a);
        Adam plain = Adams.create(a, LR, B1, B2, WD);
        FusedAdam fused = new FusedAdam(b, LR, B1, B2, WD);
        List<Tensor> start = copies(a);
        for (int t = 1; t <= 5; t++) {
            step(plain, a, t);
            step(fused, b, t);
        }
        double moved = largestDifference(a, start);
        assertTrue(moved > 2 * LR, "the parameters moved by " + moved);
        // a few float32 roundings of weights of size ~3 (the kernel orders its arithmetic its own way)
        assertTrue(largestDifference(a, b) < 1e-6, "fused and libtorch's Adam differ by " + largestDifference(a, b));
    }

    @Test
    void zeroGradLeavesNoGradient() {
        Native.init();
        List<Tensor> p = parameters(4);
        FusedAdam adam = new FusedAdam(p, LR, B1, B2, WD);
        backward(p, 1);
        assertTrue(p.get(0).grad().defined());
        adam.zeroGrad();
        for (Tensor t : p) assertFalse(t.grad().defined());
    }

    /** libtorch's archive → fused, and fused's archive → libtorch: the next updates are the same as if nothing had been saved. */
    @Test
    void readsAndWritesLibtorchsArchives(@TempDir Path dir) {
        Native.init();
        List<Tensor> a = parameters(5), b = copies(a);
        Adam plain = Adams.create(a, LR, B1, B2, WD);
        FusedAdam fused = new FusedAdam(b, LR, B1, B2, WD);
        for (int t = 1; t <= 3; t++) {
            step(plain, a, t);
            step(fused, b, t);
        }
        Path fromPlain = dir.resolve("plain.pt"), fromFused = dir.resolve("fused.pt");
        OutputArchive out = new OutputArchive();
        plain.save(out);
        out.save_to(fromPlain.toString());
        OutputArchive out2 = new OutputArchive();
        fused.save(out2);
        out2.save_to(fromFused.toString());

        // swapped: a fresh fused optimiser continues the libtorch run, a fresh libtorch Adam the fused run
        List<Tensor> a2 = copies(a), b2 = copies(b);
        FusedAdam fusedFromPlain = new FusedAdam(a2, LR, B1, B2, WD);
        InputArchive in = new InputArchive();
        in.load_from(fromPlain.toString());
        fusedFromPlain.load(in);
        Adam plainFromFused = Adams.create(b2, LR, B1, B2, WD);
        InputArchive in2 = new InputArchive();
        in2.load_from(fromFused.toString());
        plainFromFused.load(in2);
        for (int t = 4; t <= 6; t++) {
            step(plain, a, t);
            step(fusedFromPlain, a2, t);
            step(fused, b, t);
            step(plainFromFused, b2, t);
        }
        assertTrue(largestDifference(a, a2) < 1e-7, "libtorch's run resumed fused differs by " + largestDifference(a, a2));
        assertTrue(largestDifference(b, b2) < 1e-7, "the fused run resumed by libtorch differs by " + largestDifference(b, b2));
    }

    @Test
    void refusesAnArchiveOfOtherParameters(@TempDir Path dir) {
        Native.init();
        List<Tensor> a = parameters(6);
        FusedAdam fused = new FusedAdam(a, LR, B1, B2, WD);
        step(fused, a, 1);
        OutputArchive out = new OutputArchive();
        fused.save(out);
        Path file = dir.resolve("fused.pt");
        out.save_to(file.toString());

        FusedAdam fewer = new FusedAdam(a.subList(0, 2), LR, B1, B2, WD);
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fewer.load(in));
        assertTrue(e.getMessage().contains("3 parameters"), e.getMessage());

        List<Tensor> reshaped = List.of(a.get(0), a.get(2), a.get(1));
        FusedAdam shuffled = new FusedAdam(reshaped, LR, B1, B2, WD);
        InputArchive in2 = new InputArchive();
        in2.load_from(file.toString());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> shuffled.load(in2));
        assertTrue(e2.getMessage().contains("shape"), e2.getMessage());
        assertEquals(3, fused.parameters().size());
    }
}
