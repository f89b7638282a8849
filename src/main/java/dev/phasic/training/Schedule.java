package dev.phasic.training;

/**
 * The learning-rate schedule of the paper (after Donahue et al.): constant, then a
 * linear decay to {@code factor} between two fractions of training (200 and 250 of
 * 400 epochs), then constant again; and the scheduled sampling of the video model.
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

    /**
     * The share of the video model's predicted steps that read the true frame back in
     * place of the prediction at {@code step} of {@code total}: falls linearly from 1 to
     * 0 over the first {@code decay} of training (0: none, the closed loop throughout).
     */
    public static double truthShare(long step, long total, double decay) {
        if (decay <= 0 || total <= 0) return 0;
        return Math.max(0, 1 - step / (decay * total));
    }
}
