package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.evaluation.Outputs;
import dev.phasic.training.Runs;
import dev.phasic.training.Trained;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasic sample RUN_DIR}: a grid of samples from the prior of the latest checkpoint. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Write a grid of prior samples as PNG.")
public final class SampleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR") Path runDir;
    @Option(names = "--n", description = "Number of samples (default 100).") int n = 100;
    @Option(names = "--out", description = "PNG file (default RUN_DIR/sample.png).") Path out;
    @Option(names = "--device", description = "cpu, cuda or cuda:N (default: the run's).") String device;
    @Option(names = "--threads", description = "Intra-op threads (default: the run's).") int threads;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10000) throw new UserError("--n must lie in 1..10000, found " + n);
        Trained s = Runs.load(runDir, device, threads).trained();
        Path png = out != null ? out : runDir.resolve("sample.png");
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Outputs.of(s).samples(s, png, n);
        }
        System.out.println(png);
        return 0;
    }
}
