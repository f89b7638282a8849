package dev.phasic.recurrent;

import dev.phasic.training.Cli;
import dev.phasic.training.Default;
import dev.phasic.training.NetworkOptions;
import static dev.phasic.training.OptionGroups.check;

/** Architecture A's own options (the recurrent MLP, {@link MnistRecurrentRecipe}); its hidden width is {@link NetworkOptions#hidden}. */
public record MlpOptions(
        @Cli(name = "--latent", help = "Size of z (mnist-recurrent).")
        @Default("64") int latent,              // size of the top layer z
        @Cli(name = "--no-recurrence", help = "Drop the stochastic recurrences (mnist-recurrent).", negated = true)
        @Default("true") boolean recurrent) {   // use the stochastic recurrences of architecture A

    public MlpOptions {
        check(latent >= 1, "--hidden and --latent must be ≥ 1");
    }
}
