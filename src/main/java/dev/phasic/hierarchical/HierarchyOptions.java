package dev.phasic.hierarchical;

import dev.phasic.Choice;
import dev.phasic.training.Cli;
import dev.phasic.training.Default;
import static dev.phasic.training.OptionGroups.check;

import dev.phasic.hierarchical.HierarchyOptions.CriticWidth;
import dev.phasic.hierarchical.HierarchyOptions.HiddenActivation;
import dev.phasic.hierarchical.HierarchyOptions.TopDownSources;

/** Architecture B's own options (the hierarchical DCGAN, {@link HierarchicalRecipe}). */
public record HierarchyOptions(
        @Cli(name = "--hidden-activation", help = "Hierarchical: leaky (LeakyReLU 0.2) or relu (the paper's) after sampling a hidden layer.")
        @Default("RELU") HiddenActivation hiddenActivation, // relu (DESIGN) or leaky
        @Cli(name = "--top-down-beta", help = "Hierarchical: weight of the critic-feature term between each layer's wake activity and its prediction by a top-down pass from a higher layer's wake activity (0: the paper's one-step pairs only).")
        @Default("0.0") double topDownBeta,     // 0: off, the paper
        @Cli(name = "--top-down-sources", help = "Hierarchical: where that pass starts, top (z) or cycle (z, h4, …, h2 in turn).")
        @Default("TOP") TopDownSources topDownSources,
        @Cli(name = "--critic-width", help = "Hierarchical local critics: paper (64·width and 128·width channels) or layer (at least the layer's own channels).")
        @Default("PAPER") CriticWidth criticWidth,
        @Cli(name = "--minibatch-std", help = "Hierarchical local critics also read the across-batch spread of their last hidden map.")
        @Default("false") boolean minibatchStd,
        @Cli(name = "--critic-drift", help = "ε of a drift term ε·E[D(wake)²] in each local critic's loss.")
        @Default("0.0") double criticDrift) {   // 0: off

    public HierarchyOptions {
        check(Double.isFinite(topDownBeta) && topDownBeta >= 0, "--top-down-beta must be ≥ 0, found " + topDownBeta);
        check(Double.isFinite(criticDrift) && criticDrift >= 0, "--critic-drift must be ≥ 0, found " + criticDrift);
    }

    /** The nonlinearity after sampling a hidden layer: the paper's ReLU, or LeakyReLU(0.2). */
    public enum HiddenActivation implements Choice { RELU, LEAKY }

    /** Where the top-down pass starts: z, or z, h_{L−1}, …, h2 in turn. */
    public enum TopDownSources implements Choice { TOP, CYCLE }

    /** The local critics: the paper's widths (64·width, 128·width) or at least the layer's own channels. */
    public enum CriticWidth implements Choice { PAPER, LAYER }
}
