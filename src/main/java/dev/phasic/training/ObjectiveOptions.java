package dev.phasic.training;

import static dev.phasic.training.OptionGroups.check;

/** The weights of the objective's terms (docs/DESIGN.md §2); which objective is {@link TrainConfig#objective}. */
public record ObjectiveOptions(
        @Cli(name = "--gamma", help = "Eq. 8 weight of the sleep phase, in [0,1] (combined only).")
        @Default("0.5") double gamma,           // Eq. 8 weight of sleep against oscillation (combined only)
        @Cli(name = "--beta", help = "Weight of the critic-feature term between each prediction and its wake activity.")
        @Default("1.0") double beta,            // weight of the critic-feature reconstruction term (Eq. 7)
        @Cli(name = "--feature-layers", help = "Layers from the input up that carry the feature term (0: all below the top).")
        @Default("0") int featureLayers,        // 0: every layer below the top
        @Cli(name = "--hidden-wake-gradient", help = "Let hidden layers' critic and feature terms also train q through the wake activity (off: only through the predictions).")
        @Default("false") boolean hiddenWakeGradient, // on, architecture B collapses
        @Cli(name = "--gp-weight", help = "Gradient-penalty weight λ.")
        @Default("10.0") double gpWeight,       // λ of the WGAN-GP penalty
        @Cli(name = "--penalty-every", help = "Compute the gradient penalty on every k-th critic update only, with weight k·λ (lazy regularisation; 1: every update).")
        @Default("1") int penaltyEvery,         // k of lazy regularisation (Karras et al. 2020)
        @Cli(name = "--credit", help = "backprop | local | local-loop: every loss reaches every parameter (backprop), or each layer's "
                + "conditionals learn from that layer's critic alone (local; local-loop adds each layer's reconstruction of the layer below).")
        @Default("BACKPROP") Choices.Credit credit) { // which losses reach which parameters (docs/METHODS.md, "Local credit")

    public ObjectiveOptions {
        for (double v : new double[] {gamma, beta, gpWeight}) check(Double.isFinite(v), "every number must be finite, found " + v);
        check(gamma >= 0 && gamma <= 1, "--gamma must lie in [0, 1], found " + gamma);
        check(beta >= 0, "--beta must be ≥ 0, found " + beta);
        check(featureLayers >= 0, "--feature-layers must be ≥ 0, found " + featureLayers);
        check(gpWeight >= 0, "--gp-weight must be ≥ 0, found " + gpWeight);
        check(penaltyEvery >= 1, "--penalty-every must be ≥ 1, found " + penaltyEvery);
    }

    /** The same weights with γ replaced (the objective kind's rule, {@code ObjectiveKind#gamma}). */
    ObjectiveOptions withGamma(double g) {
        return new ObjectiveOptions(g, beta, featureLayers, hiddenWakeGradient, gpWeight, penaltyEvery, credit);
    }
}
