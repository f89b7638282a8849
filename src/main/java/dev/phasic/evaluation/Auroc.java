package dev.phasic.evaluation;

import java.util.Arrays;

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
        int n = positive.length + negative.length;
        double[] all = new double[n];
        boolean[] pos = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < positive.length; i++) { all[i] = positive[i]; pos[i] = true; }
        System.arraycopy(negative, 0, all, positive.length, negative.length);
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double rankSum = 0;                    // sum of the positives' mid-ranks (1-based)
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) if (pos[order[k]]) rankSum += midRank;
            i = j + 1;
        }
        double u = rankSum - positive.length * (positive.length + 1) / 2.0;
        return u / ((double) positive.length * negative.length);
    }
}
