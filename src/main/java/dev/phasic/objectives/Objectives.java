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
     * β_td of the top-down term and ε of the critics' drift term ({@link Eq7Eq8LocalCritics}).
     */
    public record Local(double gamma, double beta, double gpWeight, int featureLayers, boolean hiddenWakeGradient,
                        boolean topWakeGradient, double topDownBeta, double drift) {}

    /**
     * Eq. 4 with the critic {@code joint} builds, or Eq. 7/8 with the per-layer critics
     * {@code local} builds (input first); only the critics the kind needs are built, so
     * a recipe's initialisation draws stay the same whichever kind it is not.
     */
    public static Objective create(ObjectiveKind kind, Supplier<Critic> joint, Supplier<Map<String, Critic>> local, Local s) {
        if (kind == ObjectiveKind.WAKE_SLEEP) return new Eq4GlobalWakeSleep(joint.get(), s.gpWeight());
        return new Eq7Eq8LocalCritics(local.get(), s.gamma(), s.beta(), s.gpWeight(), s.featureLayers(), s.hiddenWakeGradient(),
                s.topWakeGradient(), s.topDownBeta(), s.drift());
    }
}
