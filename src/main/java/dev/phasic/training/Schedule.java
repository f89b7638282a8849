package dev.phasic.training;

/**
 * The learning-rate schedule of the paper (after Donahue et al.): constant, then a
 * linear decay to {@code factor} between two fractions of training (200 and 250 of
 * 400 epochs), then constant again.
 */
public final class Schedule {
    private Schedule() {}

    /** Multiplier of the base learning rate at {@code step} of {@code total}. */
    public static double lrFactor(long step, long total, double start, double end, double factor) {
        double progress = total <= 0 ? 0 : (double) step / total;
        if (progress <= start) return 1.0;
        if (progress >= end || end <= start) return factor;
        return 1.0 + (factor - 1.0) * (progress - start) / (end - start);
    }
}
