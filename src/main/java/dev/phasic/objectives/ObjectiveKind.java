package dev.phasic.objectives;

import dev.phasic.UserError;

/** The three objectives of the paper, by their command-line names. */
public enum ObjectiveKind {
    /** Eq. 4: one global critic on the whole network state, wake against sleep. */
    WAKE_SLEEP("wake-sleep"),
    /** Eq. 7: local critics, wake against top-down oscillation predictions. */
    OSCILLATION("oscillation"),
    /** Eq. 8: local critics on both timescales, mixed by γ. */
    COMBINED("combined");

    public final String cliName;

    ObjectiveKind(String cliName) {
        this.cliName = cliName;
    }

    /** Whether {@code --gamma} means something: only Eq. 8 mixes sleep and oscillation. */
    public boolean takesGamma() {
        return this == COMBINED;
    }

    /**
     * The γ a configuration of this kind holds, given {@code gamma}: oscillation is Eq. 8 at
     * γ = 0 (its local critics never see sleep); wake-sleep's Eq. 4 has no γ and keeps the
     * value it was given, which nothing reads.
     */
    public double gamma(double gamma) {
        return this == OSCILLATION ? 0 : gamma;
    }

    public static ObjectiveKind parse(String name) {
        for (ObjectiveKind k : values()) if (k.cliName.equals(name)) return k;
        throw new UserError("unknown objective '" + name + "': expected wake-sleep, oscillation or combined");
    }
}
