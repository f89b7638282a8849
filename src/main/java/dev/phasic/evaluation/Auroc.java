package dev.phasic.evaluation;

/**
 * The area under the ROC curve of a score that should be higher for the positive set:
 * the probability that a random positive scores above a random negative, ties counting
 * one half (the Mann–Whitney U statistic over n_pos·n_neg). 0.5: no separation; below
 * 0.5: the score runs the other way.
 */
public final class Auroc {
    private Auroc() {}

    public static double of(double[] positive, double[] negative) {
        if (positive.length == 0 || negative.length == 0) return Double.NaN;
        double[] all = new double[positive.length + negative.length];
        System.arraycopy(positive, 0, all, 0, positive.length);
        System.arraycopy(negative, 0, all, positive.length, negative.length);
        double[] ranks = Spearman.ranks(all);                          // mid-ranks, 1-based
        double rankSum = 0;
        for (int i = 0; i < positive.length; i++) rankSum += ranks[i];
        double u = rankSum - positive.length * (positive.length + 1) / 2.0;
        return u / ((double) positive.length * negative.length);
    }
}
