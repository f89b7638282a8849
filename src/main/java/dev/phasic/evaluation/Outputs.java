package dev.phasic.evaluation;

import dev.phasic.report.Grids;
import dev.phasic.training.Trained;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What a run's networks show and how they are measured: still images (sample and
 * reconstruction grids, {@link Evaluation}) unless an {@link OutputsProvider} on the class
 * path knows the model (a video model, for one); commands and listeners ask it instead
 * of the model's class.
 */
public abstract class Outputs {
    private static final int SNAPSHOT_SAMPLES = 100;
    private static final int SNAPSHOT_INPUTS = 50;
    private static final int CHEAP_IMAGES = 500;

    /** The outputs of {@code s}'s model: the first provider's that knows it, else still images. */
    public static Outputs of(Trained s) {
        for (OutputsProvider p : ServiceLoader.load(OutputsProvider.class)) {
            Optional<Outputs> o = p.of(s);
            if (o.isPresent()) return o.get();
        }
        return new Images();
    }

    /** A training snapshot {@code name}: grids in the run's {@code samples/} and {@code reconstructions/} or {@code predictions/}. */
    public abstract void snapshot(Trained s, Path run, String name) throws IOException;

    /** {@code n} prior samples (video: sleep sequences) as one PNG. */
    public abstract void samples(Trained s, Path png, int n) throws IOException;

    /** The full measurement of {@code n} test inputs ({@code k} sampled futures for video), figures written to {@code dir}. */
    public abstract Evaluation.Report evaluate(Trained s, int n, int k, Path dir, PrintStream log) throws IOException;

    /** The cheap measurement logged during training as {@code eval.*}. */
    public abstract Map<String, Object> cheap(Trained s) throws IOException;

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
}
