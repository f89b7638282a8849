package dev.phasic.video;

import dev.phasic.evaluation.Evaluation;
import dev.phasic.evaluation.Outputs;
import dev.phasic.evaluation.OutputsProvider;
import dev.phasic.UserError;
import dev.phasic.torch.Rng;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Architecture C's outputs: dreams and predicted futures, measured by prediction ({@link VideoEvaluation}). */
public final class VideoOutputs extends Outputs {
    private static final int VIDEO_SEQUENCES = 6;
    private static final int CHEAP_SEQUENCES = 100;

    private final VideoPredictor model;

    private VideoOutputs(VideoPredictor model) {
        this.model = model;
    }

    /** Offers these outputs for every video model. */
    public static final class Provider implements OutputsProvider {
        @Override
        public Optional<Outputs> of(Trained s) {
            return s.model() instanceof VideoPredictor v ? Optional.of(new VideoOutputs(v)) : Optional.empty();
        }
    }

    /** The video model of {@code s}, or a one-line error naming what {@code command} needs. */
    public static VideoPredictor model(Trained s, String command) {
        if (Outputs.of(s) instanceof VideoOutputs v) return v.model;
        throw new UserError(command + " needs a moving-mnist run");
    }

    @Override
    public void snapshot(Trained s, Path run, String name) throws IOException {
        String png = name + ".png";
        samples(s, run.resolve("samples").resolve(png), VIDEO_SEQUENCES);
        VideoStrips.writeStrip(run.resolve("predictions").resolve(png),
                VideoGrids.predict(model, s.data().test(), 0, VIDEO_SEQUENCES / 2, s.device()));
    }

    @Override
    public void samples(Trained s, Path png, int n) throws IOException {
        VideoGrids.writeSleep(model, png, n);
    }

    @Override
    public Evaluation.Report evaluate(Trained s, int n, int k, Path dir, PrintStream log) throws IOException {
        Rng.seed(s.config().run().seed());
        VideoEvaluation.Report r = VideoEvaluation.run(s, model, n, k, log);
        r.write(dir);
        return r.base();
    }

    @Override
    public Map<String, Object> cheap(Trained s) {
        return new LinkedHashMap<>(VideoEvaluation.run(s, model, CHEAP_SEQUENCES, 2, null).base().metrics());
    }

    @Override
    public void requireImages(String command) {
        throw new UserError("a moving-mnist run predicts rather than reconstructs: use phasic predict");
    }
}
