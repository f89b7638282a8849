package dev.phasic.training;

import dev.phasic.models.VideoPredictor;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.training.Choices.CriticWidth;
import dev.phasic.training.Choices.FrameCritic;
import dev.phasic.training.Choices.HiddenActivation;
import dev.phasic.training.Choices.OnDivergence;
import dev.phasic.training.Choices.TopDownSources;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link TrainConfig#DEFAULTS}: one value per component, in declaration order. */
final class Defaults {
    private Defaults() {}

    /**
     * Every default, stated once: the default run (combined objective on the embedded
     * digits, about five minutes on 2 cores); what each recipe changes is its own.
     */
    static final Map<String, Object> TABLE = defaultsInOrder();

    private static Map<String, Object> defaultsInOrder() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recipe", Recipe.ALL.get(0).name());
        d.put("objective", ObjectiveKind.COMBINED);
        d.put("gamma", 0.5);
        d.put("beta", 1.0);
        d.put("featureLayers", 0);
        d.put("hiddenWakeGradient", false);
        d.put("gpWeight", 10.0);
        d.put("nCritic", 1);
        d.put("batchSize", 64);
        d.put("steps", 3000L);
        d.put("epochs", 0);
        d.put("lrInference", 2e-4);
        d.put("lrGeneration", 2e-4);
        d.put("lrCritic", 2e-4);
        d.put("adamBeta1", 0.5);
        d.put("adamBeta2", 0.999);
        d.put("weightDecay", 2.5e-5);
        d.put("clipNorm", 0.0);
        d.put("decayStart", 0.5);
        d.put("decayEnd", 0.625);
        d.put("decayFactor", 0.1);
        d.put("stdBias", -3.0);
        d.put("hidden", 512);
        d.put("latent", 64);
        d.put("recurrent", true);
        d.put("width", 1.0);
        d.put("hiddenActivation", HiddenActivation.RELU);
        d.put("imageSize", 32);
        d.put("context", 10);
        d.put("predict", 10);
        d.put("truthDecay", 0.0);
        d.put("seed", 1L);
        d.put("device", "cpu");
        d.put("data", "embedded");
        d.put("logEvery", 50);
        d.put("checkpointEvery", 1000);
        d.put("evalEvery", 0);
        d.put("threads", 0);
        d.put("onDivergence", OnDivergence.STOP);
        d.put("topDownBeta", 0.0);
        d.put("topDownSources", TopDownSources.TOP);
        d.put("criticWidth", CriticWidth.PAPER);
        d.put("minibatchStd", false);
        d.put("criticDrift", 0.0);
        d.put("pixelHeadroom", 1.5);
        d.put("decoder", VideoPredictor.Decoder.DRAW);
        d.put("frameCritic", FrameCritic.FRAME);
        d.put("depth", 1);
        d.put("pixelAnchor", 0.0);
        d.put("testData", "");
        d.put("adversarialWeight", 1.0);
        d.put("scheduleSteps", 0L);
        return Collections.unmodifiableMap(d);
    }
}
