package org.softmaxsimd;

import java.util.Objects;

import org.softmaxsimd.internal.CrossEntropyEngine;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Softmax cross-entropy fused with its gradient with respect to the logits, on the same kernels as
 * {@link Softmax}: one max pass, one exp pass that stores the exps into the gradient row, one scaling pass.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Shapes.</b> {@code logits} and {@code dlogits} hold {@code rows × classes} row-major matrices at their
 *       offsets; labels are {@code rows} ints; probability targets a {@code rows × classes} matrix.
 *       {@code dlogits} may be exactly the logits slice (in place); any other overlap is rejected.</li>
 *   <li><b>Checks</b>, all before anything is written: null arrays ({@link NullPointerException}), slices out
 *       of range ({@link IndexOutOfBoundsException}), {@code classes < 1}, a label outside {@code [0, classes)}
 *       that is not the ignore label (the message names the row and the value), class weights that are
 *       negative, not finite or not {@code classes} long, smoothing outside [0, 1]
 *       ({@link IllegalArgumentException}).</li>
 *   <li><b>Definition</b> (PyTorch's {@code cross_entropy}): with p = softmax(x), lse its log-sum-exp,
 *       w the class weights (all 1 by default), W = Σ_k w_k and smoothing ε, a row with label y has
 *       loss (1−ε)·w_y·(lse − x_y) + (ε/K)·Σ_k w_k·(lse − x_k). Mean reduction divides the sum over rows by
 *       Σ w_y over the rows not ignored (NaN when every row is ignored, as in PyTorch); sum reduction does
 *       not divide. dlogits is the gradient of the reduced loss: c·[(1−ε)·w_y·(p − onehot_y) + (ε/K)·(W·p − w)],
 *       c = 1/divisor for mean, 1 for sum; ignored rows get a zero row. Probability targets t: loss
 *       Σ_k t_k·(lse − x_k), gradient c·(p·Σ_k t_k − t), mean over rows.</li>
 *   <li><b>Accuracy</b> against the float64 value for the given float inputs: each row's loss within
 *       1e-6·max(A, |loss|), where A = (1−ε)·w_y + ε·max_k w_k (1 without weights and smoothing; Σ_k t_k for
 *       targets); each gradient entry within 5e-7·|g| + 2^-22·c·A (c the reduction factor). The label's exp is
 *       kept apart from the sum O of the others, so a confident prediction's loss log1p(O/e_y) and gradient
 *       −O/S keep their relative accuracy (a loss of 1e-13 is not rounded to 0).</li>
 *   <li><b>Special values.</b> −∞ logits (masked classes) get p = 0 and a zero gradient except for their
 *       smoothing/target term; a label on a −∞ logit has loss +∞. A row with NaN has NaN loss and gradient.
 *       With label smoothing or targets, −∞ logits make the loss +∞ (every class is a target), and a zero
 *       target on a −∞ logit contributes NaN (0·∞), as in PyTorch. Huge finite logits (±1e30, ±3.4e38) are
 *       fine: everything is relative to the row max.</li>
 *   <li>No allocation, thread-safe for disjoint outputs.</li>
 * </ul>
 */
public final class CrossEntropy {

    private static final CrossEntropyEngine ENGINE =
            new CrossEntropyEngine(new SoftmaxEngine(VectorizationProvider.kernels()));

    private CrossEntropy() {
    }

    /** How the per-row losses are combined. */
    public enum Reduction {
        /** Divide the sum by Σ of the label weights of counted rows (by the row count for targets). */
        MEAN,
        /** The plain sum over rows. */
        SUM
    }

    /** Options of the batched integer-label form; immutable, build with {@link #defaults()} and the withers. */
    public static final class Options {
        /** No ignore label: every label must be in [0, classes). */
        public static final int NO_IGNORE_LABEL = Integer.MIN_VALUE;

        private final Reduction reduction;
        private final float labelSmoothing;
        private final float[] classWeights;
        private final int ignoreLabel;

        private Options(Reduction reduction, float labelSmoothing, float[] classWeights, int ignoreLabel) {
            this.reduction = reduction;
            this.labelSmoothing = labelSmoothing;
            this.classWeights = classWeights;
            this.ignoreLabel = ignoreLabel;
        }

        /** Mean reduction, no smoothing, no weights, no ignore label. */
        public static Options defaults() {
            return new Options(Reduction.MEAN, 0f, null, NO_IGNORE_LABEL);
        }

        /** Returns these options with {@code reduction}. */
        public Options withReduction(Reduction reduction) {
            return new Options(Objects.requireNonNull(reduction, "reduction"), labelSmoothing, classWeights, ignoreLabel);
        }

        /** Returns these options with label smoothing {@code epsilon} in [0, 1]. */
        public Options withLabelSmoothing(float epsilon) {
            if (!(epsilon >= 0f && epsilon <= 1f)) {
                throw new IllegalArgumentException("labelSmoothing must be in [0, 1], but was " + epsilon);
            }
            return new Options(reduction, epsilon, classWeights, ignoreLabel);
        }

        /**
         * Returns these options with per-class weights (finite, ≥ 0, one per class; checked against the class
         * count at the call; the array is used, not copied, so do not change it during a call).
         */
        public Options withClassWeights(float[] weights) {
            Objects.requireNonNull(weights, "classWeights");
            for (int k = 0; k < weights.length; k++) {
                if (!(weights[k] >= 0f && weights[k] <= Float.MAX_VALUE)) {
                    throw new IllegalArgumentException("classWeights[" + k + "] must be finite and >= 0, but was "
                            + weights[k]);
                }
            }
            return new Options(reduction, labelSmoothing, weights, ignoreLabel);
        }

        /** Returns these options where rows with {@code label} count for nothing (PyTorch's ignore_index). */
        public Options withIgnoreLabel(int label) {
            return new Options(reduction, labelSmoothing, classWeights, label);
        }
    }

    /**
     * Returns −log p[label] of one row of {@code classes} logits and writes {@code dlogits = p − onehot(label)}
     * at {@code dOffset} (dlogits may be the logits slice itself). See the class comment for the contract.
     */
    public static float lossAndGradient(float[] logits, int offset, int classes, int label, float[] dlogits,
                                        int dOffset) {
        checkRows(logits, offset, 1, classes, dlogits, dOffset, true);
        checkLabel(0, label, classes, Options.NO_IGNORE_LABEL);
        return ENGINE.lossAndGradient(logits, offset, classes, label, dlogits, dOffset);
    }

    /** Returns −log p[label] of one row, without a gradient. */
    public static float loss(float[] logits, int offset, int classes, int label) {
        checkRows(logits, offset, 1, classes, null, 0, false);
        checkLabel(0, label, classes, Options.NO_IGNORE_LABEL);
        return ENGINE.lossAndGradient(logits, offset, classes, label, null, 0);
    }

    /**
     * Reduced loss of {@code rows} rows with integer labels, and its gradient into {@code dlogits} when that
     * is not null. See the class comment for the definition and contract.
     */
    public static float lossAndGradient(float[] logits, int offset, int rows, int classes, int[] labels,
                                        int labelsOffset, float[] dlogits, int dOffset, Options options) {
        Objects.requireNonNull(options, "options");
        checkRows(logits, offset, rows, classes, dlogits, dOffset, dlogits != null);
        Objects.requireNonNull(labels, "labels");
        if (labelsOffset < 0 || labelsOffset > labels.length - rows) {
            throw new IndexOutOfBoundsException("labels: offset " + labelsOffset + " + rows " + rows
                    + " is outside [0, " + labels.length + "]");
        }
        if (options.classWeights != null && options.classWeights.length != classes) {
            throw new IllegalArgumentException("classWeights.length (" + options.classWeights.length
                    + ") must equal classes (" + classes + ")");
        }
        for (int r = 0; r < rows; r++) {
            checkLabel(r, labels[labelsOffset + r], classes, options.ignoreLabel);
        }
        return ENGINE.lossAndGradient(logits, offset, rows, classes, labels, labelsOffset, dlogits, dOffset,
                options.reduction == Reduction.MEAN, options.labelSmoothing, options.classWeights,
                options.ignoreLabel);
    }

    /**
     * Reduced loss of {@code rows} rows against probability targets (a {@code rows × classes} matrix at
     * {@code targetsOffset}, used as given: rows need not sum to 1), and its gradient into {@code dlogits}
     * when that is not null.
     */
    public static float lossAndGradient(float[] logits, int offset, int rows, int classes, float[] targets,
                                        int targetsOffset, float[] dlogits, int dOffset, Reduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        int size = checkRows(logits, offset, rows, classes, dlogits, dOffset, dlogits != null);
        Checks.slice("targets", targets, targetsOffset, size);
        if (dlogits != null) {
            Checks.noPartialOverlap("dlogits", dlogits, dOffset, "targets", targets, targetsOffset, size);
            if (dlogits == targets && dOffset == targetsOffset && size > 0) {
                throw new IllegalArgumentException("dlogits must not be the targets slice");
            }
        }
        return ENGINE.lossAndGradient(logits, offset, rows, classes, targets, targetsOffset, dlogits, dOffset,
                reduction == Reduction.MEAN);
    }

    private static int checkRows(float[] logits, int offset, int rows, int classes, float[] dlogits, int dOffset,
                                 boolean gradient) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, but was " + classes);
        }
        int size = Checks.matrix("logits", logits, offset, rows, classes);
        if (gradient) {
            Checks.slice("dlogits", dlogits, dOffset, size);
            Checks.noPartialOverlap("dlogits", dlogits, dOffset, "logits", logits, offset, size);
        }
        return size;
    }

    private static void checkLabel(int row, int label, int classes, int ignoreLabel) {
        if (label != ignoreLabel && (label < 0 || label >= classes)) {
            throw new IllegalArgumentException("labels[" + row + "] = " + label + " is outside [0, " + classes + ")"
                    + (ignoreLabel == Options.NO_IGNORE_LABEL ? "" : " and is not the ignore label " + ignoreLabel));
        }
    }
}
