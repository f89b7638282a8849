package dev.phasic.experiments;

import dev.phasic.models.Critic;
import dev.phasic.models.GroupedMlpCritic;
import dev.phasic.models.MlpCritic;
import dev.phasic.objectives.Eq4GlobalWakeSleep;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.Objective;
import dev.phasic.objectives.Phases;
import dev.phasic.torch.FusedAdam;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import dev.phasic.training.Schedule;
import dev.phasic.training.Steps;
import dev.phasic.training.StopSignal;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The three ways of learning A → P (issue: the recurrence problem): per-neuron
 * prediction (least squares of each P_i on A, blind to internal connections), one
 * critic on the whole state [A, P] (Eq. 4), and local critics, one per neuron on its
 * neighbourhood [A, P_parent, P_i] (the oscillation idea, Eq. 7, with the source in
 * view). Adversarial methods reuse the project's critics, penalty, optimisers and schedule.
 */
public final class PopulationMethods {
    public enum Method { MSE, GLOBAL, LOCAL }

    /** Hyper-parameters of the adversarial methods. */
    public record Settings(int steps, int batch, int nCritic, double lrWeights, double lrCritic, int hidden, int tracePoints) {
        public static Settings defaults(int steps) {
            return new Settings(steps, 256, 2, 1e-2, 1e-3, 64, 30);
        }
    }

    /** Learned weights, final error and KL, and (step, error, KL) over training. */
    public record Outcome(Method method, int size, long seed, double[] learned, double error, double klBits,
                          List<double[]> trace) {}

    private PopulationMethods() {}

    public static Outcome run(Method method, Population.Network net, long seed, Settings cfg, Device device) {
        Rng.seed(seed);
        Population pop = new Population(net, device);
        List<double[]> trace = new ArrayList<>();
        if (method == Method.MSE) {
            leastSquares(pop);
            double kl = PopulationKl.bits(pop, 20000);
            trace.add(new double[] {0, pop.parameterError(), kl});
            trace.add(new double[] {cfg.steps(), pop.parameterError(), kl});
            return new Outcome(method, net.size(), seed, pop.learned(), pop.parameterError(), kl, trace);
        }
        Objective objective = objective(method, net, cfg, device);
        List<Tensor> criticParams = new ArrayList<>();
        for (Critic c : objective.critics().values()) criticParams.addAll(c.module().parameters());
        FusedAdam critics = new FusedAdam(criticParams, cfg.lrCritic(), 0.5, 0.9, 0);
        FusedAdam weights = new FusedAdam(pop.parameters(), cfg.lrWeights(), 0.5, 0.9, 0);
        int every = Math.max(1, cfg.steps() / cfg.tracePoints());
        for (int step = 0; step < cfg.steps(); step++) {
            StopSignal.throwIfRequested("the population experiment");
            // the paper's decay shape: constant, then linear to 0.1× over the second half (settles the adversarial jitter)
            double f = Schedule.lrFactor(step, cfg.steps(), 0.5, 1.0, 0.1);
            critics.setLearningRate(cfg.lrCritic() * f);
            weights.setLearningRate(cfg.lrWeights() * f);
            try (PointerScope scope = new PointerScope()) {
                for (int k = 0; k < cfg.nCritic(); k++) {
                    Phases p;
                    try (NoGradGuard g = new NoGradGuard()) {
                        p = phases(method, pop, cfg.batch());
                    }
                    Steps.critic(objective, p, critics, l -> true, () -> {});
                }
                Steps.network(objective, phases(method, pop, cfg.batch()), List.of(weights), l -> true, () -> {});
            }
            if ((step + 1) % every == 0) {
                trace.add(new double[] {step + 1, pop.parameterError(), PopulationKl.bits(pop, 5000)}); // keeps the noise stream
            }
        }
        return new Outcome(method, net.size(), seed, pop.learned(), pop.parameterError(), PopulationKl.bits(pop, 20000), trace);
    }

    /** Per-neuron least squares through the origin on evoked data: a_i = Σ T·P_i / Σ T². */
    static void leastSquares(Population pop) {
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Tensor s = pop.signal(20000);
            Tensor ev = pop.evoked(s);                          // (N, 1 + n)
            Tensor t = ev.narrow(1, 0, 1);                      // (N, 1)
            Tensor p = ev.narrow(1, 1, pop.network().size());   // (N, n)
            Tensor a = p.mul(t).sum(new long[] {0}, false, new ScalarTypeOptional())
                    .div(t.square().sum());
            pop.weights().copy_(a);
        }
    }

    private static Objective objective(Method method, Population.Network net, Settings cfg, Device device) {
        if (method == Method.GLOBAL) return new Eq4GlobalWakeSleep(new MlpCritic(1 + net.size(), cfg.hidden(), device), 10.0);
        return new LocalPopulationCritics(new GroupedMlpCritic(net.size(), 3, cfg.hidden(), device), 10.0);
    }

    /** Evoked activity as "wake", predictive as "sleep"; local methods see one neighbourhood per "layer". */
    private static Phases phases(Method method, Population pop, int batch) {
        Tensor evoked = pop.evoked(pop.signal(batch));
        Tensor predictive = pop.predictive(pop.signal(batch));
        if (method == Method.GLOBAL) return new Phases(List.of(evoked), List.of(predictive), null);
        Tensor index = neighbourhoods(pop.network(), evoked.device());
        return new Phases(List.of(gather(evoked, index, pop.network().size())),
                List.of(gather(predictive, index, pop.network().size())), null);
    }

    /** Column indices [A, parent (or the appended zero column), self] per neuron: (3n,). */
    private static Tensor neighbourhoods(Population.Network net, Device device) {
        long[] idx = new long[3 * net.size()];
        for (int i = 0; i < net.size(); i++) {
            idx[3 * i] = 0;
            idx[3 * i + 1] = net.parent()[i] >= 0 ? 1 + net.parent()[i] : 1 + net.size();
            idx[3 * i + 2] = 1 + i;
        }
        return Ops.fromLongs(idx, device);
    }

    /** (B, 1 + n) → (B, n, 3) neighbourhood activity. */
    private static Tensor gather(Tensor phase, Tensor index, int n) {
        Tensor padded = torch.cat(new TensorVector(phase, torch.zeros_like(phase.narrow(1, 0, 1))), 1); // (B, 2 + n)
        return padded.index_select(1, index).reshape(phase.size(0), n, 3);
    }


}
