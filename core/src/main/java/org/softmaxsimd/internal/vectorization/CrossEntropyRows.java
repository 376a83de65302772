package org.softmaxsimd.internal.vectorization;

/**
 * The per-row arithmetic of cross-entropy with an integer label, shared by {@code CrossEntropyEngine} and the
 * row kernels ({@link KernelSupport#crossEntropyRows}), so that every path turns a row's max m and
 * O = Σ_{k≠y} exp(x_k − m) into the same loss and label gradient. Internal API.
 *
 * <p>The exps of the classes other than the label are summed apart from e_y = exp(x_y − m): a loss near 0
 * (p_y near 1) is then log1p(O / e_y) with the small sum intact, not log(S) with S = e_y + O rounded to 1, and
 * p_y − 1 = −O/S keeps its digits.
 */
public final class CrossEntropyRows {

    private CrossEntropyRows() {
    }

    /**
     * −log p_y = lse − x_y from e_y, O and x_y − m: log1p(O / e_y) when p_y > 1/2, else log(e_y + O) − (x_y − m)
     * (no cancellation there), in double.
     */
    public static double negativeLogLikelihood(double expLabel, double others, double shiftedLabel) {
        return expLabel > others ? log1p(others / expLabel) : Math.log(expLabel + others) - shiftedLabel;
    }

    /**
     * log(1 + z) for z ≥ 0 to a few ulps of double, with one {@link Math#log} (an intrinsic, where
     * {@link Math#log1p} is a slower library call on JDK 17): log(u)·z/(u − 1) with u = 1 + z rounded, whose
     * rounding error cancels in the ratio (Goldberg, "What every computer scientist should know about
     * floating-point arithmetic", theorem 4).
     */
    public static double log1p(double z) {
        double u = 1 + z;
        return u == 1 ? z : Math.log(u) * z / (u - 1);
    }

    /**
     * One row without smoothing through {@link KernelSupport#maxAndExpSumExcept}: returns w_y·(−log p_y) and,
     * when d is not null, writes the gradient row scale·w_y·(p − e_y) (the label entry last). A row whose max is
     * not finite goes to {@link #specialRow}.
     */
    public static double row(KernelSupport kernels, float[] x, int xo, int classes, int label, double labelWeight,
                             double scale, float[] d, int dOff) {
        float labelLogit = x[xo + label];
        long stats = kernels.maxAndExpSumExcept(x, xo, d, dOff, classes, label, scale * labelWeight);
        if (stats == RowStats.UNFINISHED) {
            return specialRow(x, xo, classes, label, labelWeight, d, dOff, scale, 0f, null, 0,
                    kernels.max(x, xo, classes));
        }
        float max = RowStats.max(stats);
        float others = RowStats.sum(stats);
        double expLabel = ExpPolynomial.expShifted(labelLogit, max);
        if (d != null) {
            d[dOff + label] = labelGradient(expLabel, others, labelWeight, scale);
        }
        return labelWeight * negativeLogLikelihood(expLabel, others, (double) labelLogit - max);
    }

    /** The label entry of a gradient row without smoothing: scale·w_y·(p_y − 1) = scale·w_y·(−O / (e_y + O)). */
    static float labelGradient(double expLabel, double others, double labelWeight, double scale) {
        return (float) (scale * (labelWeight * (-others / (expLabel + others))));
    }

    /**
     * {@link KernelSupport#crossEntropyRows} one row at a time through {@link #row}: the form of both kernels
     * for rows their vector paths do not take, so each row gives the bits of a one-row call.
     */
    static double rowByRow(KernelSupport kernels, float[] x, int xOffset, int rows, int cols, int[] labels,
                           int labelsOffset, float[] weights, int ignoreLabel, double scale, float[] d,
                           int dOffset) {
        double total = 0;
        for (int r = 0, at = 0; r < rows; r++, at += cols) {
            int label = labels[labelsOffset + r];
            if (label == ignoreLabel) {
                if (d != null) {
                    java.util.Arrays.fill(d, dOffset + at, dOffset + at + cols, 0f);
                }
                continue;
            }
            double labelWeight = weights == null ? 1 : weights[label];
            total += row(kernels, x, xOffset + at, cols, label, labelWeight, scale, d, dOffset + at);
        }
        return total;
    }

    /**
     * A row whose max is NaN or ±∞: the softmax limits of {@code Softmax} (NaN anywhere gives NaN; +∞ entries
     * share the mass; all −∞ gives NaN), then the loss (1−ε)·w_y·(−log p_y) + (ε/K)·Σ_k w_k·(−log p_k) and the
     * gradient scale·[(1−ε)·w_y·(p − e_y) + (ε/K)·(W·p − w)] from those probabilities, element by element (each
     * x[k] is read before d[k] is written, so in-place calls work). weightTotal W matters only when ε ≠ 0.
     */
    public static double specialRow(float[] x, int xo, int classes, int label, double labelWeight, float[] d,
                                    int dOff, double scale, float smoothing, float[] weights, double weightTotal,
                                    float max) {
        int infinities = countPositiveInfinities(x, xo, classes, max);
        double keep = 1 - (double) smoothing;
        double spread = (double) smoothing / classes;
        double loss = keep * labelWeight * -Math.log(limitProbability(x[xo + label], max, infinities));
        for (int k = 0; k < classes; k++) {
            double wk = weights == null ? 1 : weights[k];
            double p = limitProbability(x[xo + k], max, infinities);
            if (smoothing != 0) {
                loss += spread * wk * -Math.log(p);
            }
            if (d != null) {
                double g = keep * labelWeight * (p - (k == label ? 1 : 0));
                if (smoothing != 0) {
                    g += spread * (weightTotal * p - wk);
                }
                d[dOff + k] = (float) (scale * g);
            }
        }
        return loss;
    }

    /** The number of +∞ entries of a row whose max is +∞ (0 for any other max). */
    public static int countPositiveInfinities(float[] x, int xo, int classes, float max) {
        int n = 0;
        if (max == Float.POSITIVE_INFINITY) {
            for (int k = 0; k < classes; k++) {
                if (x[xo + k] == Float.POSITIVE_INFINITY) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The softmax limit for a row with a non-finite max: shared by the +∞ entries, NaN otherwise. */
    public static double limitProbability(float v, float max, int infinities) {
        if (max == Float.POSITIVE_INFINITY) {
            return v == Float.POSITIVE_INFINITY ? 1.0 / infinities : 0;
        }
        return Double.NaN;
    }
}
