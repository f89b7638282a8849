package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.nn.Flops;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasic bench}: times training steps after warm-up; the last line is {@code ms/step: <median>}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time training steps (median ms/step).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "Recipe (default mnist-recurrent).") String recipe = TrainConfig.DEFAULT_RECIPE;
    @Option(names = "--objective", description = "wake-sleep | oscillation | combined (default combined).") String objective = "combined";
    @Option(names = "--steps", description = "Timed steps (default 50).") int steps = 50;
    @Option(names = "--warmup", description = "Untimed steps first (default 10).") int warmup = 10;
    @Option(names = "--batch-size", description = "Batch size (default: the recipe's, 64 or 32 for moving-mnist).") Integer batchSize;
    @Option(names = "--n-critic", description = "Critic updates per step (default 1).") int nCritic = 1;
    @Option(names = "--device", description = "cpu, cuda or cuda:N.") String device = "cpu";
    @Option(names = "--width", description = "Channel multiplier (default: the recipe's, 1 or 0.5 for moving-mnist).") Double width;
    @Option(names = "--image-size", description = "Image or frame side (default: the recipe's, 32 or 64 for moving-mnist).") Integer imageSize;
    @Option(names = "--threads", description = "Intra-op threads (default: every core this process may use).") int threads = 0;
    @Option(names = "--peak", description = "First measure this machine's float32 GEMM peak, then report the step's share of it.") boolean peak;

    /** The float32 GEMM throughput of this machine with the configured threads. */
    static final class Peak {
        static final int SIZE = 2048;

        /** Best of five timings of one SIZE×SIZE product after a warm-up, in GFLOP/s. */
        static double gemmGflops(Device device) {
            double best = 0;
            try (PointerScope scope = new PointerScope()) {
                Tensor a = Ops.randn(device, SIZE, SIZE), b = Ops.randn(device, SIZE, SIZE);
                org.bytedeco.pytorch.global.torch.mm(a, b).sum().item_double();
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    org.bytedeco.pytorch.global.torch.mm(a, b).sum().item_double();     // the read waits for asynchronous devices
                    best = Math.max(best, 2.0 * SIZE * SIZE * SIZE / ((System.nanoTime() - t0) / 1e9) / 1e9);
                }
            }
            return best;
        }
    }

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0) throw new UserError("--steps must be ≥ 1 and --warmup ≥ 0");
        TrainConfig d = TrainConfig.defaults(recipe);
        int batch = batchSize != null ? batchSize : d.optimiser().batchSize();
        Map<String, Object> changes = new HashMap<>(Map.of("objective", ObjectiveKind.parse(objective),
                "nCritic", nCritic, "batchSize", batch, "steps", (long) steps + warmup, "device", device, "threads", threads,
                "evalEvery", 0));
        if (width != null) changes.put("width", width);
        if (imageSize != null) changes.put("imageSize", imageSize);
        TrainConfig config = d.with(changes);
        Session session = new Session(config);
        double peakGflops = peak ? Peak.gemmGflops(session.device) : Double.NaN;
        if (peak) System.out.printf("peak: %.1f GFLOP/s (float32 GEMM %d×%d, %d threads)%n", peakGflops, Peak.SIZE, Peak.SIZE,
                org.bytedeco.pytorch.global.torch.get_num_threads());
        Trainer trainer = new Trainer(session, null, 0);
        System.out.printf("bench %s / %s, batch %d, n_critic %d, %s, %s%n", recipe, objective, batch, nCritic,
                device, Native.blas());
        double[] ms = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            try (PointerScope scope = new PointerScope()) {
                trainer.trainStep(false);
                // one scalar read per timed step so asynchronous devices are measured to completion
                if (!session.device.is_cpu()) session.model.prior(1).sum().item_double();
            }
            if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
        }
        long flops;
        try (PointerScope scope = new PointerScope()) {
            flops = Flops.count(() -> trainer.trainStep(false));
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("steps: %d timed after %d warm-up; min %.2f, p90 %.2f, max %.2f ms%n", steps, warmup,
                sorted[0], sorted[(int) Math.min(steps - 1, Math.floor(0.9 * steps))], sorted[steps - 1]);
        double median = sorted[steps / 2], gflops = flops / (median * 1e6);
        System.out.printf("flops/step: %.3f GFLOP (matmuls and convolutions: forward, backward, penalty double backward); %.1f GFLOP/s%s%n",
                flops / 1e9, gflops, peak ? String.format(", %.0f%% of peak", 100 * gflops / peakGflops) : "");
        System.out.printf("ms/step: %.2f%n", median);
        return 0;
    }
}
