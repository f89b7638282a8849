package dev.phasic.objectives;

import dev.phasic.models.Critic;
import java.util.Map;
import java.util.function.Supplier;

/** The one place an {@link ObjectiveKind} becomes an {@link Objective}. */
public final class Objectives {
    private Objectives() {}

    /**
     * What Eq. 7 and 8 take besides their critics: γ (0 for Eq. 7), β of the one-step
     * feature term, λ of the penalty, the layers carrying the feature term (0: all below
     * the top), whether hidden and top layers' terms reach q through their wake activity,
     * β_td of the top-down term, ε of the critics' drift term, the weight of the networks'
     * adversarial terms (1: the paper's; 0 with β = 0: the pixel anchor alone) and the
     * weight of the squared-error pixel anchor on the input layer (0: none, the paper's), and
     * whether credit is local (the model's conditionals are cut apart, {@code LocalCredit}: then
     * every layer's wake activity meets its critic's score, the only way q learns there, while
     * the feature terms' targets stay held where the wake gradient is off)
     * ({@link Eq7Eq8LocalCritics}).
     */
    public record Local(double gamma, double beta, double gpWeight, int featureLayers, boolean hiddenWakeGradient,
                        boolean topWakeGradient, double topDownBeta, double drift, double adversarialWeight,
                        double pixelAnchor, boolean localCredit) {
        /** Credit through the whole network (backpropagation across layers). */
        public Local(double gamma, double beta, double gpWeight, int featureLayers, boolean hiddenWakeGradient,
                     boolean topWakeGradient, double topDownBeta, double drift, double adversarialWeight, double pixelAnchor) {
            this(gamma, beta, gpWeight, featureLayers, hiddenWakeGradient, topWakeGradient, topDownBeta, drift, adversarialWeight,
                    pixelAnchor, false);
        }

        /** The paper's terms only: adversarial weight 1, no pixel anchor. */
        public Local(double gamma, double beta, double gpWeight, int featureLayers, boolean hiddenWakeGradient,
                     boolean topWakeGradient, double topDownBeta, double drift) {
            this(gamma, beta, gpWeight, featureLayers, hiddenWakeGradient, topWakeGradient, topDownBeta, drift, 1, 0);
        }

        /** These settings with the top-down term's β_td and the critics' drift ε (architecture B's terms). */
        public Local withTopDown(double topDownBeta, double drift) {
            return new Local(gamma, beta, gpWeight, featureLayers, hiddenWakeGradient, topWakeGradient, topDownBeta, drift,
                    adversarialWeight, pixelAnchor, localCredit);
        }

        /** These settings with the networks' adversarial weight and the pixel anchor's weight (architecture C's terms). */
        public Local withPixelAnchor(double adversarialWeight, double pixelAnchor) {
            return new Local(gamma, beta, gpWeight, featureLayers, hiddenWakeGradient, topWakeGradient, topDownBeta, drift,
                    adversarialWeight, pixelAnchor, localCredit);
        }

        /** These settings with credit local or not ({@code LocalCredit}). */
        public Local withLocalCredit(boolean local) {
            return new Local(gamma, beta, gpWeight, featureLayers, hiddenWakeGradient, topWakeGradient, topDownBeta, drift,
                    adversarialWeight, pixelAnchor, local);
        }
    }

    /**
     * Eq. 4 with the critic {@code joint} builds, or Eq. 7/8 with the per-layer critics
     * {@code local} builds (input first); only the critics the kind needs are built, so
     * a recipe's initialisation draws stay the same whichever kind it is not.
     */
    public static Objective create(ObjectiveKind kind, Supplier<Critic> joint, Supplier<Map<String, Critic>> local, Local s) {
        if (kind == ObjectiveKind.WAKE_SLEEP) return new Eq4GlobalWakeSleep(joint.get(), s.gpWeight());
        return new Eq7Eq8LocalCritics(local.get(), s);
    }
}
