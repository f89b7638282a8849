package dev.phasic.training;

import static dev.phasic.training.OptionGroups.check;

/** Sizes more than one architecture reads: initial noise, MLP width, channel width, image side. */
public record NetworkOptions(
        @Cli(name = "--std-bias", help = "Initial std pre-activation bias.")
        @Default("-3.0") double stdBias,        // −3 gives σ ≈ 0.05
        @Cli(name = "--hidden", help = "Hidden units of every MLP the recipe builds (its network, its critics).")
        @Default("512") int hidden,             // hidden units of every MLP ({@link Recipe#reads} says where)
        @Cli(name = "--width", help = "Channel multiplier of a convolutional recipe (1: the paper's channels).")
        @Default("1.0") double width,           // channel multiplier of the convolutional recipes
        @Cli(name = "--image-size", help = "Side of the square images or frames, a power of two.")
        @Default("32") int imageSize) {         // side of the square images or frames, a power of two ≥ 32

    public NetworkOptions {
        for (double v : new double[] {stdBias, width}) check(Double.isFinite(v), "every number must be finite, found " + v);
        check(hidden >= 1, "--hidden and --latent must be ≥ 1");
        check(width > 0 && width <= 16, "--width must lie in (0, 16], found " + width);
        check(imageSize >= 32 && Integer.bitCount(imageSize) == 1 && imageSize <= 256,
                "--image-size must be a power of two in 32..256, found " + imageSize);
    }
}
