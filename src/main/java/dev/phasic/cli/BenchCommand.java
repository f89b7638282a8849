package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.nn.Flops;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.training.Session;
import dev.phasic.training.StepTimes;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasic bench}: times training steps after warm-up; the last line is {@code ms/step: <median>} (the mean with a lazy penalty). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        modelTransformer = TrainCommand.ConfigOptions.class,
        description = "Time training steps (median ms/step) of the configuration train would run with the same options.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "${sys:phasic.recipes}.") String recipe;
    @Option(names = "--steps", description = "Timed steps (default 50).") int steps = 50;
    @Option(names = "--warmup", description = "Untimed steps first (default 10).") int warmup = 10;
    @Option(names = "--lr", description = "Learning rate of every optimiser, as for train.") Double lr;
    @Option(names = "--config", paramLabel = "FILE.json", description = "Options from a JSON file, as for train (a run's config.json times that run's step).") Path configFile;
    @Option(names = "--breakdown", description = "Also report the timed steps' wall time by part (sampling, each side's loss, backward pass, update).") boolean breakdown;
    @Option(names = "--peak", description = "First measure this machine's float32 GEMM peak, then report the step's share of it.") boolean peak;
    @Spec CommandSpec spec;

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
        TrainConfig config = TrainCommand.config(spec, recipe, lr, configFile, (long) steps + warmup, null).with("evalEvery", 0);
        int batch = config.optimiser().batchSize();
        Session session = new Session(config);
        double peakGflops = peak ? Peak.gemmGflops(session.device) : Double.NaN;
        if (peak) System.out.printf("peak: %.1f GFLOP/s (float32 GEMM %d×%d, %d threads)%n", peakGflops, Peak.SIZE, Peak.SIZE,
                org.bytedeco.pytorch.global.torch.get_num_threads());
        Trainer trainer = new Trainer(session, null, 0);
        System.out.printf("bench %s / %s, batch %d, n_critic %d, %s, %s%n", config.recipe(), config.objective().cliName, batch,
                config.optimiser().nCritic(), config.run().device(), Native.blas());
        double[] ms = new double[steps];
        Map<String, Long> parts = null;
        for (int i = 0; i < warmup + steps; i++) {
            if (i == warmup && breakdown) parts = StepTimes.open();
            long t0 = System.nanoTime();
            try (PointerScope scope = new PointerScope()) {
                trainer.trainStep(false);
                // one scalar read per timed step so asynchronous devices are measured to completion
                if (!session.device.is_cpu()) session.model.prior(1).sum().item_double();
            }
            if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
        }
        StepTimes.close();
        // with a lazy penalty one step in k computes it: count the work over a whole cycle, and
        // report the mean step, the pace of a run (otherwise the median)
        int cycle = config.terms().penaltyEvery();
        boolean lazy = cycle > 1;
        long flops;
        try (PointerScope scope = new PointerScope()) {
            flops = Flops.count(() -> {
                for (int i = 0; i < cycle; i++) trainer.trainStep(false);
            }) / cycle;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[steps / 2], mean = Arrays.stream(ms).average().orElse(median);
        System.out.printf("steps: %d timed after %d warm-up; min %.2f, mean %.2f, p90 %.2f, max %.2f ms%n", steps, warmup,
                sorted[0], mean, sorted[(int) Math.min(steps - 1, Math.floor(0.9 * steps))], sorted[steps - 1]);
        double pace = lazy ? mean : median, gflops = flops / (pace * 1e6);
        System.out.printf("flops/step: %.3f GFLOP (matmuls and convolutions: forward, backward, penalty double backward); %.1f GFLOP/s%s%n",
                flops / 1e9, gflops, peak ? String.format(", %.0f%% of peak", 100 * gflops / peakGflops) : "");
        if (parts != null) printBreakdown(parts, Arrays.stream(ms).sum());
        if (lazy) System.out.printf("ms/step is the mean: one step in %d computes the penalty%n", cycle);
        System.out.printf("ms/step: %.2f%n", pace);
        return 0;
    }

    /** Each part's mean ms per timed step and share of the timed steps' wall time; the rest is "other". */
    private void printBreakdown(Map<String, Long> parts, double totalMs) {
        double accounted = 0;
        System.out.println("breakdown (mean ms/step, share of the timed steps):");
        for (Map.Entry<String, Long> e : parts.entrySet()) {
            double partMs = e.getValue() / 1e6;
            accounted += partMs;
            System.out.printf("  %-17s %8.2f  %5.1f%%%n", e.getKey(), partMs / steps, 100 * partMs / totalMs);
        }
        System.out.printf("  %-17s %8.2f  %5.1f%%%n", "other", (totalMs - accounted) / steps, 100 * (totalMs - accounted) / totalMs);
    }
}
