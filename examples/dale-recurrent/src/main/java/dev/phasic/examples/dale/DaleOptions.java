package dev.phasic.examples.dale;

import dev.phasic.UserError;
import dev.phasic.training.Cli;
import dev.phasic.training.Default;

/**
 * The dale-recurrent recipe's own options. Its hidden width is the shared {@code --hidden};
 * the size of z cannot be called {@code --latent}, which architecture A's options already
 * take (Phasic refuses two options of one name).
 */
public record DaleOptions(
        @Cli(name = "--population", help = "Size of z, the excitatory-inhibitory population (dale-recurrent).")
        @Default("64") int population,
        @Cli(name = "--inhibitory-fraction", help = "Share of z's units that are inhibitory, in [0, 1) (dale-recurrent).")
        @Default("0.2") double inhibitoryFraction) {

    public DaleOptions {
        if (population < 1) throw new UserError("--population must be ≥ 1, found " + population);
        // the negated form also refuses NaN
        if (!(inhibitoryFraction >= 0 && inhibitoryFraction < 1)) {
            throw new UserError("--inhibitory-fraction must lie in [0, 1), found " + inhibitoryFraction);
        }
    }

    /** The number of inhibitory units: the fraction of the population, rounded, leaving at least one excitatory unit. */
    public int inhibitory() {
        return (int) Math.min(Math.round(inhibitoryFraction * population), population - 1);
    }
}
