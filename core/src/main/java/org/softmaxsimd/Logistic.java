package org.softmaxsimd;

import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The binary case (K = 2 softmax regression with θ₂ = 0 is logistic regression): stable sigmoid,
 * log-sigmoid and binary cross-entropy with logits and its gradient, over {@code float[]} slices, on the
 * same kernels as {@link Softmax}.
 *
 * <p>Contract: checks as in {@link Softmax} (named argument, before any write; outputs may be the input slice
 * exactly, other overlaps are rejected); no allocation; thread-safe for disjoint outputs. Every exp is
 * exp(−|x|) ≤ 1, so nothing overflows for any finite x. Accuracy: sigmoid within 4 ulp; log-sigmoid and
 * the loss within 1e-6·max(1, |value|) (the SIMD path takes log1p from the Vector API, within 1 ulp of the
 * scalar path's {@link Math#log1p}); gradients σ(x) − t within 4 ulp of σ plus the rounding of the
 * difference. ±∞: σ(+∞) = 1, σ(−∞) = 0, log σ(−∞) = −∞; NaN propagates.
 */
public final class Logistic {

    private static final KernelSupport KERNELS = VectorizationProvider.kernels();
    private static final int BLOCK = org.softmaxsimd.internal.SoftmaxEngine.SUM_BLOCK;

    private Logistic() {
    }

    /** y[i] = 1 / (1 + exp(−x[i])). */
    public static void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.slice("x", x, xOffset, length);
        Checks.slice("y", y, yOffset, length);
        Checks.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        KERNELS.sigmoid(x, xOffset, y, yOffset, length);
    }

    /** y[i] = log(1 / (1 + exp(−x[i]))) = min(x, 0) − log1p(exp(−|x|)). */
    public static void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.slice("x", x, xOffset, length);
        Checks.slice("y", y, yOffset, length);
        Checks.noPartialOverlap("y", y, yOffset, "x", x, xOffset, length);
        KERNELS.logSigmoid(x, xOffset, y, yOffset, length);
    }

    /**
     * Binary cross-entropy with logits, −[t·log σ(x) + (1−t)·log σ(−x)] summed over the slice (or averaged
     * when {@code mean}), computed as max(x, 0) − x·t + log1p(exp(−|x|)); writes the gradient of the returned
     * value, (σ(x) − t)·(1/length if mean else 1), into {@code grad} unless it is null. Targets are used as
     * given (usually in [0, 1]). Length 0 gives 0 (sum) or NaN (mean).
     */
    public static float binaryCrossEntropyWithLogits(float[] x, int xOffset, float[] targets, int tOffset,
                                                     float[] grad, int gOffset, int length, boolean mean) {
        Checks.slice("x", x, xOffset, length);
        Checks.slice("targets", targets, tOffset, length);
        if (grad != null) {
            Checks.slice("grad", grad, gOffset, length);
            Checks.noPartialOverlap("grad", grad, gOffset, "x", x, xOffset, length);
            Checks.noPartialOverlap("grad", grad, gOffset, "targets", targets, tOffset, length);
        }
        float scale = mean ? 1f / length : 1f;
        double total = 0;
        for (int done = 0; done < length; done += BLOCK) {
            int n = Math.min(BLOCK, length - done);
            total += KERNELS.binaryCrossEntropy(x, xOffset + done, targets, tOffset + done, grad,
                    gOffset + done, n, scale);
        }
        return (float) (mean ? total / length : total);
    }
}
