package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.data.Images;
import dev.phasic.evaluation.Interop;
import dev.phasic.evaluation.Outputs;
import dev.phasic.nn.Gaussian;
import dev.phasic.report.Grids;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Safetensors;
import dev.phasic.training.Runs;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
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
    @Option(names = "--threads", description = "Intra-op threads (default: the run's).") int threads;
    @Option(names = "--noise-free", description = "Every stochastic layer passes its mean instead of a sample.") boolean noiseFree;
    @Option(names = "--tensors", description = "Also write the inputs, reconstructions, every layer's wake activity, the top-down pass from every layer "
            + "and the critics' scores and features as a safetensors file (float32; for phasic_torch's check).") Path tensors;

    @Override
    public Integer call() throws Exception {
        Trained s = Runs.load(runDir, device, threads).trained();
        Outputs.of(s).requireImages("reconstruct");
        if (n < 1 || n > s.data().test().count()) {
            throw new UserError("--n must lie in 1.." + s.data().test().count() + ", found " + n);
        }
        Path png = out != null ? out : runDir.resolve("reconstruction.png");
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            if (noiseFree) {
                Gaussian.meanOnly(() -> write(s, png));
            } else {
                write(s, png);
            }
        }
        if (tensors != null) System.out.println(tensors);
        System.out.println(png);
        return 0;
    }

    private Void write(Trained s, Path png) {
        try {
            Tensor x = Images.batch(s.data().test(), 0, n, s.device());
            Tensor rec = s.model().reconstruct(x);                   // one pass for the grid and the file
            Grids.writeReconstructions(s.data().test(), png, Ops.toFloats(x), Ops.toFloats(rec), n);
            if (tensors != null) {
                Safetensors.write(Interop.images(s, x, rec), Map.of("noise_free", Boolean.toString(noiseFree)), tensors);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
