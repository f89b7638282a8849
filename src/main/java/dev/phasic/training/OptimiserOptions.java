package dev.phasic.training;

import static dev.phasic.training.OptionGroups.check;

/** How long and how the networks and critics are optimised: Adam and its schedule. */
public record OptimiserOptions(
        @Cli(name = "--n-critic", help = "Critic updates per network update.")
        @Default("1") int nCritic,
        @Cli(name = "--batch-size", help = "Batch size.")
        @Default("64") int batchSize,
        @Default("3000") long steps,            // total network steps (0: use epochs); TrainCommand's --steps
        @Default("0") int epochs,               // total epochs (0: use steps); TrainCommand's --epochs
        @Cli(name = "--lr-inference", help = "Learning rate of q.")
        @Default("2e-4") double lrInference,
        @Cli(name = "--lr-generation", help = "Learning rate of p.")
        @Default("2e-4") double lrGeneration,
        @Cli(name = "--lr-critic", help = "Learning rate of the critics.")
        @Default("2e-4") double lrCritic,
        @Cli(name = "--adam-beta1", help = "Adam β1.")
        @Default("0.5") double adamBeta1,       // 0.5 as in Donahue et al.
        @Cli(name = "--adam-beta2", help = "Adam β2.")
        @Default("0.999") double adamBeta2,
        @Cli(name = "--weight-decay", help = "Adam weight decay.")
        @Default("2.5e-5") double weightDecay,  // Adam's L2 weight decay
        @Cli(name = "--clip-norm", help = "Clip q and p gradient norms (0: off).")
        @Default("0.0") double clipNorm,
        @Cli(name = "--decay-start", help = "Fraction of training where the learning-rate decay starts.")
        @Default("0.5") double decayStart,      // paper: 200/400
        @Cli(name = "--decay-end", help = "Fraction where the decay ends.")
        @Default("0.625") double decayEnd,      // where it reaches decayFactor (paper: 250/400)
        @Cli(name = "--decay-factor", help = "Final learning-rate multiplier.")
        @Default("0.1") double decayFactor,     // paper: 0.1
        @Default("0") long scheduleSteps) {     // length the learning-rate and truth-share schedules are planned over (0: the run's total)

    public OptimiserOptions {
        for (double v : new double[] {lrInference, lrGeneration, lrCritic, adamBeta1, adamBeta2, weightDecay, clipNorm,
                decayStart, decayEnd, decayFactor}) {
            check(Double.isFinite(v), "every number must be finite, found " + v);
        }
        check(nCritic >= 1, "--n-critic must be ≥ 1, found " + nCritic);
        check(batchSize >= 1, "--batch-size must be ≥ 1, found " + batchSize);
        check(steps >= 0 && epochs >= 0, "--steps and --epochs must be ≥ 0, found " + steps + " and " + epochs);
        check(steps > 0 || epochs > 0, "one of --steps or --epochs must be > 0");
        check(lrInference > 0 && lrGeneration > 0 && lrCritic > 0, "learning rates must be > 0");
        check(adamBeta1 >= 0 && adamBeta1 < 1, "--adam-beta1 must lie in [0, 1), found " + adamBeta1);
        check(adamBeta2 >= 0 && adamBeta2 < 1, "--adam-beta2 must lie in [0, 1), found " + adamBeta2);
        check(weightDecay >= 0, "--weight-decay must be ≥ 0, found " + weightDecay);
        check(clipNorm >= 0, "--clip-norm must be ≥ 0, found " + clipNorm);
        check(decayStart >= 0 && decayStart <= decayEnd, "need 0 ≤ --decay-start ≤ --decay-end, found "
                + decayStart + " and " + decayEnd);
        check(decayFactor > 0 && decayFactor <= 1, "--decay-factor must lie in (0, 1], found " + decayFactor);
        check(scheduleSteps >= 0, "scheduleSteps must be ≥ 0, found " + scheduleSteps);
    }

    /** Total network steps for a dataset with {@code stepsPerEpoch} batches. */
    public long totalSteps(int stepsPerEpoch) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch;
    }

    /** The length the schedules are planned over, given the run's {@code stepsPerEpoch}. */
    public long scheduleSteps(int stepsPerEpoch) {
        return scheduleSteps > 0 ? scheduleSteps : totalSteps(stepsPerEpoch);
    }
}
