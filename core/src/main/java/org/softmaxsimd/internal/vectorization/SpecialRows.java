package org.softmaxsimd.internal.vectorization;

import java.util.Arrays;

/**
 * Softmax, log-softmax and log-sum-exp of a row whose max is not finite (it holds NaN or +∞, only −∞, or
 * nothing): the limits that {@code org.softmaxsimd.Softmax} documents. Shared by the engine's one-row methods
 * and the batched row kernels, so that a special row gives the same result on every path. Scalar code: these
 * rows are rare. Internal API.
 */
public final class SpecialRows {

    private SpecialRows() {
    }

    /** log-sum-exp of such a row: NaN stays NaN, +∞ gives +∞, all −∞ or empty gives −∞ (the row's max). */
    public static float logSumExp(float[] x, int offset, int length) {
        return ScalarKernelSupport.max(x, offset, offset + length, Float.NEGATIVE_INFINITY);
    }

    /**
     * Softmax (or with {@code log} log-softmax) of such a row into y (y may be x exactly): NaN anywhere or all
     * −∞ gives NaN everywhere; otherwise the +∞ entries share the mass equally and the others get 0 (log: −∞).
     * Returns the row's log-sum-exp as {@link #logSumExp}.
     */
    public static float softmax(float[] x, int xOffset, float[] y, int yOffset, int length, boolean log) {
        float max = logSumExp(x, xOffset, length);
        if (length == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        if (max != Float.POSITIVE_INFINITY) {
            // NaN anywhere, or all -inf (0/0): every output is NaN.
            Arrays.fill(y, yOffset, yOffset + length, Float.NaN);
            return max;
        }
        int infinities = 0;
        for (int i = 0; i < length; i++) {
            if (x[xOffset + i] == Float.POSITIVE_INFINITY) {
                infinities++;
            }
        }
        float share = log ? (float) -Math.log(infinities) : 1f / infinities;
        float rest = log ? Float.NEGATIVE_INFINITY : 0f;
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = x[xOffset + i] == Float.POSITIVE_INFINITY ? share : rest;
        }
        return Float.POSITIVE_INFINITY;
    }
}
