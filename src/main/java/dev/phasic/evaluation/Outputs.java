package dev.phasic.evaluation;

import dev.phasic.UserError;
import dev.phasic.models.VideoPredictor;
import dev.phasic.report.Grids;
import dev.phasic.report.VideoGrids;
import dev.phasic.report.VideoStrips;
import dev.phasic.torch.Rng;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's networks show and how they are measured: still images (architectures A
 * and B: sample and reconstruction grids, {@link Evaluation}) or video (architecture C:
 * dreams and predicted futures, {@link VideoEvaluation}), as the run's recipe declares
 * ({@code Recipe.predictsVideo}); commands and listeners ask it instead of the model's class.
 */
public abstract sealed class Outputs permits Outputs.Images, Outputs.Video {
    private static final int SNAPSHOT_SAMPLES = 100;
    private static final int SNAPSHOT_INPUTS = 50;
    private static final int VIDEO_SEQUENCES = 6;
    private static final int CHEAP_IMAGES = 500;
    private static final int CHEAP_SEQUENCES = 100;

    /** The outputs of {@code s}'s model, as its recipe declares them. */
    public static Outputs of(Trained s) {
        return s.recipe().predictsVideo() ? new Video((VideoPredictor) s.model()) : new Images();
    }

    /** A training snapshot {@code name}: grids in the run's {@code samples/} and {@code reconstructions/} or {@code predictions/}. */
    public abstract void snapshot(Trained s, Path run, String name) throws IOException;

    /** {@code n} prior samples (video: sleep sequences) as one PNG. */
    public abstract void samples(Trained s, Path png, int n) throws IOException;

    /** The full measurement of {@code n} test inputs ({@code k} sampled futures for video), figures written to {@code dir}. */
    public abstract Evaluation.Report evaluate(Trained s, int n, int k, Path dir, PrintStream log) throws IOException;

    /** The cheap measurement logged during training as {@code eval.*}. */
    public abstract Map<String, Object> cheap(Trained s) throws IOException;

    /** The video model, or a one-line error naming what the command needs. */
    public VideoPredictor video(String command) {
        throw new UserError(command + " needs a moving-mnist run");
    }

    /** Fails unless the model reconstructs still images. */
    public void requireImages(String command) {}

    static final class Images extends Outputs {
        private Classifiers.Trained judge; // loaded (or trained) at the first cheap evaluation, then reused

        @Override
        public void snapshot(Trained s, Path run, String name) throws IOException {
            String png = name + ".png";
            samples(s, run.resolve("samples").resolve(png), SNAPSHOT_SAMPLES);
            Grids.writeReconstructions(s, s.data().test(), run.resolve("reconstructions").resolve(png), SNAPSHOT_INPUTS);
        }

        @Override
        public void samples(Trained s, Path png, int n) throws IOException {
            Grids.writeSamples(s, png, n);
        }

        @Override
        public Evaluation.Report evaluate(Trained s, int n, int k, Path dir, PrintStream log) throws IOException {
            Evaluation.Report report = Evaluation.run(s, n, log);
            report.write(dir);
            return report;
        }

        @Override
        public Map<String, Object> cheap(Trained s) throws IOException {
            if (judge == null) judge = Classifiers.forData(s.data().train(), s.data().test(), s.device(), System.err);
            return Evaluation.run(s, CHEAP_IMAGES, false, judge, null).metrics();
        }
    }

    static final class Video extends Outputs {
        private final VideoPredictor model;

        Video(VideoPredictor model) {
            this.model = model;
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
        public VideoPredictor video(String command) {
            return model;
        }

        @Override
        public void requireImages(String command) {
            throw new UserError("a moving-mnist run predicts rather than reconstructs: use phasic predict");
        }
    }
}
