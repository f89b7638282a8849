package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.evaluation.Evaluation;
import dev.phasic.evaluation.Outputs;
import dev.phasic.nn.Gaussian;
import dev.phasic.report.RunReport;
import dev.phasic.training.Runs;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasic evaluate RUN_DIR}: measures the latest checkpoint and writes {@code eval/metrics.json}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure inference and generation of a run's latest checkpoint (RUN_DIR/eval/metrics.json).")
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR") Path runDir;
    @Option(names = "--n", description = "Test images (and samples) to use (default 2000; test sequences for a video recipe, at most 1000 there).") int n = 2000;
    @Option(names = "--samples", description = "Sampled futures per test sequence for best-of-k and mean (a video recipe; default 5).") int samples = 5;
    @Option(names = "--noise-free", description = "Every stochastic layer passes its mean instead of a sample (a diagnosis, "
            + "not the model's own output); results go to RUN_DIR/eval-noise-free.") boolean noiseFree;
    @Option(names = "--device", description = "cpu, cuda or cuda:N (default: the run's).") String device;
    @Option(names = "--threads", description = "Intra-op threads (default: the run's).") int threads;

    @Override
    public Integer call() throws Exception {
        if (n < 10) throw new UserError("--n must be ≥ 10, found " + n);
        if (samples < 1) throw new UserError("--samples must be ≥ 1, found " + samples);
        Trained s = Runs.load(runDir, device, threads).trained();
        if (noiseFree) {
            try {
                print(Gaussian.meanOnly(() -> measure(s, runDir.resolve("eval-noise-free"))));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return 0;
        }
        print(measure(s, runDir.resolve("eval")));
        System.out.println("report: " + RunReport.write(runDir));
        return 0;
    }

    private Evaluation.Report measure(Trained s, Path out) {
        try {
            return measureOrFail(s, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Evaluation.Report measureOrFail(Trained s, Path out) throws IOException {
        return Outputs.of(s).evaluate(s, n, samples, out, System.err);
    }

    private static void print(Evaluation.Report report) {
        report.metrics().forEach((k, v) -> System.out.printf("%-34s %s%n", k,
                v instanceof int[] a ? Arrays.toString(a) : v));
    }
}
