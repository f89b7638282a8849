package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.training.ObjectiveKind;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import dev.phasic.torch.Native;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasic bench}: times training steps after warm-up; the last line is {@code ms/step: <median>}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Time training steps (median ms/step).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "Recipe (default mnist-recurrent).") String recipe = "mnist-recurrent";
    @Option(names = "--objective", description = "wake-sleep | oscillation | combined (default combined).") String objective = "combined";
    @Option(names = "--steps", description = "Timed steps (default 50).") int steps = 50;
    @Option(names = "--warmup", description = "Untimed steps first (default 10).") int warmup = 10;
    @Option(names = "--batch-size", description = "Batch size (default: the recipe's, 64 or 32 for moving-mnist).") Integer batchSize;
    @Option(names = "--n-critic", description = "Critic updates per step (default 1).") int nCritic = 1;
    @Option(names = "--device", description = "cpu, cuda or cuda:N.") String device = "cpu";
    @Option(names = "--width", description = "Channel multiplier (default: the recipe's, 1 or 0.5 for moving-mnist).") Double width;
    @Option(names = "--image-size", description = "Image or frame side (default: the recipe's, 32 or 64 for moving-mnist).") Integer imageSize;
    @Option(names = "--threads", description = "Intra-op threads (default: every core this process may use).") int threads = 0;

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0) throw new UserError("--steps must be ≥ 1 and --warmup ≥ 0");
        TrainConfig d = TrainConfig.defaults(recipe);
        int batch = batchSize != null ? batchSize : d.batchSize();
        TrainConfig config = new TrainConfig(recipe, ObjectiveKind.parse(objective), d.gamma(), d.beta(), d.featureLayers(), d.hiddenWakeGradient(), d.gpWeight(),
                nCritic, batch, steps + warmup, 0, d.lrInference(), d.lrGeneration(), d.lrCritic(), d.adamBeta1(),
                d.adamBeta2(), d.weightDecay(), d.clipNorm(), d.decayStart(), d.decayEnd(), d.decayFactor(),
                d.stdBias(), d.hidden(), d.latent(), d.recurrent(), width != null ? width : d.width(), d.hiddenActivation(), imageSize != null ? imageSize : d.imageSize(), d.context(), d.predict(), d.truthDecay(), d.seed(), device, d.data(), d.logEvery(),
                d.checkpointEvery(), 0, threads, d.onDivergence(), d.topDownBeta(), d.topDownSources(), d.criticWidth(),
                d.minibatchStd(), d.criticDrift(), 0);
        Session session = new Session(config);
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
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("steps: %d timed after %d warm-up; min %.2f, p90 %.2f, max %.2f ms%n", steps, warmup,
                sorted[0], sorted[(int) Math.min(steps - 1, Math.floor(0.9 * steps))], sorted[steps - 1]);
        System.out.printf("ms/step: %.2f%n", sorted[steps / 2]);
        return 0;
    }
}
