package org.softmaxsimd.internal;

import org.softmaxsimd.internal.vectorization.CrossEntropyRows;
import org.softmaxsimd.internal.vectorization.ExpPolynomial;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.RowStats;

/**
 * Cross-entropy of softmax rows fused with its gradient, on the primitive loops of a {@link KernelSupport}.
 * Arguments are trusted: {@code org.softmaxsimd.CrossEntropy} checks them and documents the contract.
 * Internal API: it may change in any release.
 *
 * <p>Per row with label y, smoothing ε, class weights w (all 1 when absent), K classes, W = Σ_k w_k:
 * loss = (1−ε)·w_y·(lse − x_y) + (ε/K)·Σ_k w_k·(lse − x_k), and its gradient with respect to the logits is
 * c·[(1−ε)·w_y·(p − e_y) + (ε/K)·(W·p − w)], c the reduction factor. The exps are computed once, into the
 * gradient row, and scaled in a second pass over it. The exps of the other classes are summed apart from
 * the label's e_y (O = Σ_{k≠y} e_k, S = e_y + O), so that lse − x_y = log1p(O / e_y) when p_y > 1/2 and
 * p_y − 1 = −O/S keep their small digits when the prediction is confident; otherwise lse − x_y is formed as
 * log(S) − (x_y − max) in double, which has no cancellation there.
 */
public final class CrossEntropyEngine {

    private final SoftmaxEngine softmax;
    private final KernelSupport kernels;

    /** Creates an engine over {@code softmax}'s kernels. */
    public CrossEntropyEngine(SoftmaxEngine softmax) {
        this.softmax = softmax;
        this.kernels = softmax.kernels();
    }

    /** −log p[label] of one row, and p − onehot(label) into d when d is not null. */
    public float lossAndGradient(float[] x, int xOffset, int classes, int label, float[] d, int dOffset) {
        if (classes <= KernelSupport.SHORT_ROW_LIMIT) {
            return (float) CrossEntropyRows.row(kernels, x, xOffset, classes, label, 1, 1, d, dOffset);
        }
        return (float) row(x, xOffset, classes, label, d, dOffset, 1, 0f, null, classes);
    }

    /**
     * Loss (reduced) and, when {@code d != null}, its gradient for a batch of rows with integer labels.
     *
     * @param mean        mean reduction (divide by Σ w_{y_i} over counted rows) instead of sum
     * @param smoothing   label smoothing ε in [0, 1]
     * @param weights     class weights of length K (offset 0), or null for all 1
     * @param ignoreLabel rows with this label count for nothing and get a zero gradient row
     */
    public float lossAndGradient(float[] x, int xOffset, int rows, int classes, int[] labels, int labelsOffset,
                                 float[] d, int dOffset, boolean mean, float smoothing, float[] weights,
                                 int ignoreLabel) {
        double weightTotal = weights == null ? classes : softmax.sum(weights, 0, classes);
        double counted = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[labelsOffset + r];
            if (label != ignoreLabel) {
                counted += weights == null ? 1 : weights[label];
            }
        }
        double factor = mean ? 1 / counted : 1;
        if (smoothing == 0 && classes <= KernelSupport.SHORT_ROW_LIMIT) {
            // The whole batch in one kernel call: no per-row crossing of the kernel barrier, and narrow rows
            // several at a time.
            return (float) (factor * kernels.crossEntropyRows(x, xOffset, rows, classes, labels, labelsOffset,
                    weights, ignoreLabel, factor, d, dOffset));
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[labelsOffset + r];
            int rowX = xOffset + r * classes;
            int rowD = dOffset + r * classes;
            if (label == ignoreLabel) {
                if (d != null) {
                    java.util.Arrays.fill(d, rowD, rowD + classes, 0f);
                }
                continue;
            }
            total += row(x, rowX, classes, label, d, rowD, factor, smoothing, weights, weightTotal);
        }
        return (float) (total * factor);
    }

    /**
     * Loss (reduced) and, when {@code d != null}, its gradient for rows of probability targets t:
     * loss_i = Σ_k t_k·(lse − x_k), gradient c·(p·Σ_k t_k − t); mean divides by the number of rows.
     */
    public float lossAndGradient(float[] x, int xOffset, int rows, int classes, float[] targets, int tOffset,
                                 float[] d, int dOffset, boolean mean) {
        double factor = mean ? 1.0 / rows : 1;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int at = r * classes;
            total += targetRow(x, xOffset + at, classes, targets, tOffset + at, d, dOffset + at, factor);
        }
        return (float) (total * factor);
    }

    /** A row with smoothing, or of more than {@link KernelSupport#SHORT_ROW_LIMIT} classes: pass by pass. */
    private double row(float[] x, int xo, int classes, int label, float[] d, int dOff, double factor,
                       float smoothing, float[] weights, double weightTotal) {
        float labelLogit = x[xo + label];
        double wy = weights == null ? 1 : weights[label];
        float max = kernels.max(x, xo, classes);
        if (!RowStats.isFinite(max)) {
            return CrossEntropyRows.specialRow(x, xo, classes, label, wy, d, dOff, factor, smoothing, weights,
                    weightTotal, max);
        }
        // Σ w_k (x_k − max), read before an in-place gradient overwrites x.
        double weightedShifted = smoothing == 0 ? 0 : softmax.weightedShiftedSum(weights, 0, x, xo, classes, max);
        int after = label + 1;
        double others = d == null
                ? softmax.expSum(x, xo, label, max) + softmax.expSum(x, xo + after, classes - after, max)
                : softmax.expStoreSum(x, xo, d, dOff, label, max)
                        + softmax.expStoreSum(x, xo + after, d, dOff + after, classes - after, max);
        double shiftedLabel = (double) labelLogit - max;
        double expLabel = ExpPolynomial.expShifted(labelLogit, max);
        double sum = expLabel + others;
        double keep = 1 - (double) smoothing;
        double spread = (double) smoothing / classes;
        double loss = keep * wy * CrossEntropyRows.negativeLogLikelihood(expLabel, others, shiftedLabel);
        if (smoothing != 0) {
            loss += spread * (weightTotal * Math.log(sum) - weightedShifted);
        }
        if (d != null) {
            double pScale = factor * (keep * wy + spread * weightTotal) / sum;
            double subtract = factor * spread;
            if (weights == null) {
                kernels.scaleShift(d, dOff, d, dOff, classes, (float) pScale, (float) -subtract);
            } else {
                kernels.scaleSubtractScaled(d, dOff, weights, 0, d, dOff, classes, (float) pScale,
                        (float) subtract);
            }
            double py = expLabel / sum;
            d[dOff + label] = (float) (factor * (keep * wy * (-others / sum) + spread * (weightTotal * py - wy)));
        }
        return loss;
    }

    private double targetRow(float[] x, int xo, int classes, float[] t, int to, float[] d, int dOff,
                             double factor) {
        float max = kernels.max(x, xo, classes);
        double targetTotal = softmax.sum(t, to, classes);
        if (!(Math.abs(max) <= Float.MAX_VALUE)) {
            int infinities = CrossEntropyRows.countPositiveInfinities(x, xo, classes, max);
            double loss = 0;
            for (int k = 0; k < classes; k++) {
                double p = CrossEntropyRows.limitProbability(x[xo + k], max, infinities);
                loss += t[to + k] == 0 ? 0 : -t[to + k] * Math.log(p);
                if (d != null) {
                    d[dOff + k] = (float) (factor * (p * targetTotal - t[to + k]));
                }
            }
            return Float.isNaN(max) || max == Float.NEGATIVE_INFINITY ? Double.NaN : loss;
        }
        double weightedShifted = softmax.weightedShiftedSum(t, to, x, xo, classes, max);
        double sum = d == null ? softmax.expSum(x, xo, classes, max) : softmax.expStoreSum(x, xo, d, dOff, classes, max);
        if (d != null) {
            kernels.scaleSubtractScaled(d, dOff, t, to, d, dOff, classes, (float) (factor * targetTotal / sum),
                    (float) factor);
        }
        return targetTotal * Math.log(sum) - weightedShifted;
    }
}
