package io.sentimentstreams.model;

import java.util.Arrays;

/**
 * Binary classification figures for probabilities of the positive class against 0/1 labels.
 *
 * @param examples        number scored
 * @param accuracy        share with {@code p >= 0.5} matching the label
 * @param loss            mean cross-entropy {@code -log p(label)}
 * @param auc             area under the ROC curve (ties counted half)
 * @param truePositives   label 1, predicted 1
 * @param falsePositives  label 0, predicted 1
 * @param trueNegatives   label 0, predicted 0
 * @param falseNegatives  label 1, predicted 0
 */
public record Metrics(long examples, double accuracy, double loss, double auc, long truePositives,
                      long falsePositives, long trueNegatives, long falseNegatives) {

    public static Metrics of(final double[] positive, final int[] labels) {
        if (positive.length != labels.length) {
            throw new IllegalArgumentException("expected as many labels as probabilities");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        double loss = 0;
        for (int i = 0; i < labels.length; i++) {
            final boolean predicted = positive[i] >= 0.5;
            final boolean actual = labels[i] == 1;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
            final double p = actual ? positive[i] : 1 - positive[i];
            loss -= Math.log(Math.max(p, 1e-12));
        }
        final int n = labels.length;
        return new Metrics(n, n == 0 ? 0 : (double) (tp + tn) / n, n == 0 ? 0 : loss / n, auc(positive, labels),
                tp, fp, tn, fn);
    }

    /** Mann–Whitney form of the ROC AUC: the chance a random positive outranks a random negative. */
    static double auc(final double[] positive, final int[] labels) {
        final Integer[] order = new Integer[positive.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(positive[a], positive[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && positive[order[j + 1]] == positive[order[i]]) {
                j++;
            }
            final double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        final long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
