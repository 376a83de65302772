package org.softmaxsimd;

import org.softmaxsimd.internal.Checks;
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

    /**
     * y[yOffset + i] = 1 / (1 + exp(−x[xOffset + i])) for i &lt; length; y may be x (in place).
     *
     * @param x the input values at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}; may be x exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param length number of elements (≥ 0)
     */
    public static void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        checkUnary(x, xOffset, y, yOffset, length);
        KERNELS.sigmoid(x, xOffset, y, yOffset, length);
    }

    /**
     * {@link #sigmoid(float[], int, float[], int, int)} of whole arrays of equal length; y may be x.
     *
     * @param x the input values at {@code xOffset}
     * @param y the output at {@code yOffset}; may be x exactly (in place)
     */
    public static void sigmoid(float[] x, float[] y) {
        Checks.sameLength("x", x, "y", y);
        sigmoid(x, 0, y, 0, x.length);
    }

    /**
     * y[yOffset + i] = log(1 / (1 + exp(−x[xOffset + i]))) = min(x, 0) − log1p(exp(−|x|)) for i &lt; length;
     * y may be x (in place).
     *
     * @param x the input values at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}; may be x exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param length number of elements (≥ 0)
     */
    public static void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        checkUnary(x, xOffset, y, yOffset, length);
        KERNELS.logSigmoid(x, xOffset, y, yOffset, length);
    }

    /**
     * {@link #logSigmoid(float[], int, float[], int, int)} of whole arrays of equal length; y may be x.
     *
     * @param x the input values at {@code xOffset}
     * @param y the output at {@code yOffset}; may be x exactly (in place)
     */
    public static void logSigmoid(float[] x, float[] y) {
        Checks.sameLength("x", x, "y", y);
        logSigmoid(x, 0, y, 0, x.length);
    }

    /**
     * Binary cross-entropy with logits, −[t·log σ(x) + (1−t)·log σ(−x)] per element, computed as
     * max(x, 0) − x·t + log1p(exp(−|x|)) and reduced over the slice ({@link Reduction#MEAN}: divided by
     * length); writes the gradient of the returned value, (σ(x) − t)·(1/length for the mean, else 1), into
     * {@code dlogits}, which may be the logits or the targets slice exactly (in place: the operation is
     * element-wise) but must not overlap either otherwise. Targets are
     * used as given (usually in [0, 1]). Length 0 gives 0 (sum) or NaN (mean).
     *
     * @param logits the logits at {@code logitsOffset}, one per element
     * @param logitsOffset index in {@code logits} of the first logit
     * @param targets the target of each element (usually in [0, 1]) at {@code targetsOffset}, used as given
     * @param targetsOffset index in {@code targets} of the first target
     * @param dlogits the gradient written at {@code dlogitsOffset}; may be the logits or the targets slice exactly (in
     * place)
     * @param dlogitsOffset index in {@code dlogits} of the first gradient entry written
     * @param length number of elements (≥ 0)
     * @param reduction how the per-row losses are combined
     * @return the reduced binary cross-entropy
     */
    public static float lossAndGradient(float[] logits, int logitsOffset, float[] targets, int targetsOffset,
                                        float[] dlogits, int dlogitsOffset, int length, Reduction reduction) {
        checkLoss(logits, logitsOffset, targets, targetsOffset, length, reduction);
        Checks.slice("dlogits", dlogits, dlogitsOffset, length);
        Checks.inPlaceOrDisjoint("dlogits", dlogits, dlogitsOffset, "logits", logits, logitsOffset, length);
        Checks.inPlaceOrDisjoint("dlogits", dlogits, dlogitsOffset, "targets", targets, targetsOffset, length);
        return reduce(logits, logitsOffset, targets, targetsOffset, dlogits, dlogitsOffset, length, reduction);
    }

    /**
     * {@link #lossAndGradient(float[], int, float[], int, float[], int, int, Reduction)} of whole arrays.
     *
     * @param logits the logits at {@code logitsOffset}, one per element
     * @param targets the target of each element (usually in [0, 1]) at {@code targetsOffset}, used as given
     * @param dlogits the gradient written at {@code dlogitsOffset}; may be the logits or the targets slice exactly (in
     * place)
     * @param reduction how the per-row losses are combined
     * @return the reduced binary cross-entropy
     */
    public static float lossAndGradient(float[] logits, float[] targets, float[] dlogits, Reduction reduction) {
        Checks.sameLength("logits", logits, "targets", targets);
        Checks.sameLength("logits", logits, "dlogits", dlogits);
        return lossAndGradient(logits, 0, targets, 0, dlogits, 0, logits.length, reduction);
    }

    /**
     * The reduced binary cross-entropy of {@link #lossAndGradient(float[], int, float[], int, float[], int, int,
     * Reduction)}, without a gradient.
     *
     * @param logits the logits at {@code logitsOffset}, one per element
     * @param logitsOffset index in {@code logits} of the first logit
     * @param targets the target of each element (usually in [0, 1]) at {@code targetsOffset}, used as given
     * @param targetsOffset index in {@code targets} of the first target
     * @param length number of elements (≥ 0)
     * @param reduction how the per-row losses are combined
     * @return the reduced binary cross-entropy
     */
    public static float loss(float[] logits, int logitsOffset, float[] targets, int targetsOffset, int length,
                             Reduction reduction) {
        checkLoss(logits, logitsOffset, targets, targetsOffset, length, reduction);
        return reduce(logits, logitsOffset, targets, targetsOffset, null, 0, length, reduction);
    }

    private static float reduce(float[] logits, int logitsOffset, float[] targets, int targetsOffset,
                                float[] dlogits, int dlogitsOffset, int length, Reduction reduction) {
        boolean mean = reduction == Reduction.MEAN;
        float scale = mean ? 1f / length : 1f;
        double total = 0;
        for (int done = 0; done < length; done += BLOCK) {
            int n = Math.min(BLOCK, length - done);
            total += KERNELS.binaryCrossEntropy(logits, logitsOffset + done, targets, targetsOffset + done, dlogits,
                    dlogitsOffset + done, n, scale);
        }
        return (float) (mean ? total / length : total);
    }

    private static void checkLoss(float[] logits, int logitsOffset, float[] targets, int targetsOffset, int length,
                                  Reduction reduction) {
        Checks.notNull("reduction", reduction);
        Checks.slice("logits", logits, logitsOffset, length);
        Checks.slice("targets", targets, targetsOffset, length);
    }

    private static void checkUnary(float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.slice("x", x, xOffset, length);
        Checks.slice("y", y, yOffset, length);
        Checks.inPlaceOrDisjoint("y", y, yOffset, "x", x, xOffset, length);
    }
}
