package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.report.Grids;
import dev.phasic.training.Runs;
import dev.phasic.training.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasic reconstruct RUN_DIR}: test inputs beside their reconstructions {@code x → q → p → x̂}. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Write test inputs (odd rows) above their reconstructions (even rows) as PNG.")
public final class ReconstructCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR") Path runDir;
    @Option(names = "--n", description = "Number of inputs (default 100).") int n = 100;
    @Option(names = "--out", description = "PNG file (default RUN_DIR/reconstruction.png).") Path out;
    @Option(names = "--device", description = "cpu, cuda or cuda:N (default: the run's).") String device;

    @Override
    public Integer call() throws Exception {
        Session s = Runs.load(runDir, device);
        if (s.model instanceof dev.phasic.models.VideoPredictor) {
            throw new UserError("a moving-mnist run predicts rather than reconstructs: use phasic predict " + runDir);
        }
        if (n < 1 || n > s.data.test().count()) {
            throw new UserError("--n must lie in 1.." + s.data.test().count() + ", found " + n);
        }
        Path png = out != null ? out : runDir.resolve("reconstruction.png");
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Grids.writeReconstructions(s, s.data.test(), png, n);
        }
        System.out.println(png);
        return 0;
    }
}
