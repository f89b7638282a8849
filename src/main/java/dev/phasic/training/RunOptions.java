package dev.phasic.training;

import static dev.phasic.training.OptionGroups.check;

import dev.phasic.training.Choices.OnDivergence;

/** Where a run reads and writes, how often, on what, and what it does when a loss diverges. */
public record RunOptions(
        @Cli(name = "--seed", help = "Random seed.")
        @Default("1") long seed,                // fixes initialisation, data order and sampling on CPU
        @Cli(name = "--device", help = "cpu, cuda or cuda:N.")
        @Default("cpu") String device,
        @Cli(name = "--data", help = "The training data, in a format the recipe reads: an MNIST-format folder, CIFAR-10 batches, an image folder, a .npy file of sequences (the error names the recipe's formats).")
        @Default("embedded") String data,       // "embedded" or what the recipe's DataFormat accepts
        @Cli(name = "--log-every", help = "Steps between metric lines.")
        @Default("50") int logEvery,            // each is a device sync
        @Cli(name = "--checkpoint-every", help = "Steps between checkpoints.")
        @Default("1000") int checkpointEvery,   // one is always written at the end
        @Cli(name = "--eval-every", help = "Steps between cheap evaluations logged into metrics.jsonl (0: off).")
        @Default("0") int evalEvery,
        @Cli(name = "--threads", help = "Intra-op threads (0: every core this process may use).")
        @Default("0") int threads,
        @Cli(name = "--on-divergence", help = "When a loss turns NaN or infinite: stop (the last good checkpoint stays) or skip-step (drop that update and go on).")
        @Default("STOP") OnDivergence onDivergence,
        @Cli(name = "--gradient-shares", help = "On each metric line, log each weighted term's gradient norm and share of the inference and generation networks' gradients (one extra backward pass per term on those steps; the updates are unchanged).")
        @Default("false") boolean gradientShares) {

    public RunOptions {
        check(logEvery >= 1, "--log-every must be ≥ 1, found " + logEvery);
        check(checkpointEvery >= 1, "--checkpoint-every must be ≥ 1, found " + checkpointEvery);
        check(evalEvery >= 0, "--eval-every must be ≥ 0, found " + evalEvery);
        check(threads >= 0, "--threads must be ≥ 0, found " + threads);
    }
}
