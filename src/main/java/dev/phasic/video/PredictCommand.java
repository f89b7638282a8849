package dev.phasic.video;

import dev.phasic.UserError;
import org.bytedeco.pytorch.Tensor;
import java.util.LinkedHashMap;
import dev.phasic.models.HierarchicalModel;
import dev.phasic.data.Images;
import dev.phasic.evaluation.Interop;
import dev.phasic.nn.Gaussian;
import dev.phasic.torch.Rng;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasic predict RUN_DIR}: per test sequence an animated GIF and a PNG strip of sampled futures. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict test sequences with a video recipe's run: GIF and PNG strip (context | truth | k sampled futures) per sequence.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR") Path runDir;
    @Option(names = "--n", description = "Test sequences (default 8).") int n = 8;
    @Option(names = "--samples", description = "Sampled futures per sequence (default 3).") int samples = 3;
    @Option(names = "--out", description = "Output folder (default RUN_DIR/predict).") Path out;
    @Option(names = "--seed", description = "Seed of the sampled futures (default: the run's).") Long seed;
    @Option(names = "--delay", description = "GIF frame delay in ms (default 200).") int delay = 200;
    @Option(names = "--device", description = "cpu, cuda or cuda:N (default: the run's).") String device;
    @Option(names = "--threads", description = "Intra-op threads (default: the run's).") int threads;
    @Option(names = "--noise-free", description = "Every stochastic layer passes its mean instead of a sample (one future per sequence, "
            + "repeated).") boolean noiseFree;
    @Option(names = "--tensors", paramLabel = "FILE", description = "Also write the --n sequences, their closed-loop predictions, the wake "
            + "activity and the critics' scores and features as a safetensors file (float32; for phasic_torch's check).") Path tensors;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || samples > 64) throw new UserError("--samples must lie in 1..64, found " + samples);
        if (delay < 10) throw new UserError("--delay must be ≥ 10 ms, found " + delay);
        Trained s = Runs.load(runDir, device, threads).trained();
        VideoPredictor model = VideoOutputs.model(s, "predict");
        if (n < 1 || n > s.data().test().count()) throw new UserError("--n must lie in 1.." + s.data().test().count() + ", found " + n);
        Path dir = out != null ? out : runDir.resolve("predict");
        Rng.seed(seed != null ? seed : s.config().run().seed());
        try (NoGradGuard g = new NoGradGuard()) {
            if (noiseFree) Gaussian.meanOnly(() -> write(s, model, dir));
            else write(s, model, dir);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (tensors != null) System.out.println(tensors);
        System.out.println(dir);
        return 0;
    }

    private Void write(Trained s, VideoPredictor model, Path dir) {
        try {
            for (int i = 0; i < n; i++) {
                try (PointerScope scope = new PointerScope()) {
                    VideoStrips.Sequence seq = VideoGrids.predict(model, s.data().test(), i, samples, s.device());
                    String stem = String.format("sequence-%03d", i);
                    VideoStrips.writeStrip(dir.resolve(stem + ".png"), seq);
                    VideoStrips.writeGif(dir.resolve(stem + ".gif"), seq, delay);
                }
            }
            if (tensors != null) {
                try (PointerScope scope = new PointerScope()) {
                    Safetensors.write(interop(s, model, Images.batch(s.data().test(), 0, n, s.device())),
                            Map.of("noise_free", Boolean.toString(noiseFree)), tensors);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Interop's outputs for the video model and its closed-loop prediction: {@code x} (N, T, S, S) holding context and future frames. */
    static Map<String, Tensor> interop(Trained s, VideoPredictor model, Tensor x) {
        int c = model.shape().context();
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("sequences", x);
        out.put("predictions", model.rollout(x.narrow(1, 0, c), model.shape().predict()));
        HierarchicalModel.WakePass pass = model.wakePass(x);
        Interop.wakeAndCritics(s, pass.wake(), out);
        out.put("oscillation.x", pass.oscillation().get(0));
        return out;
    }
}
