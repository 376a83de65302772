package org.softmaxsimd;

import java.util.Objects;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.CrossEntropyEngine;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Softmax cross-entropy fused with its gradient with respect to the logits, on the same kernels as
 * {@link Softmax}: one max pass, one exp pass that stores the exps into the gradient row, one scaling pass (for
 * rows of up to 256 classes, the three in one kernel call).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Arguments</b> in the library's one order ({@code docs/API.md}): logits, labels or targets,
 *       dlogits, each followed by its offset, then the shape {@code rows, classes}, then the options. The
 *       {@code *Rows} forms take a batch; {@code loss*} forms compute no gradient.</li>
 *   <li><b>Shapes.</b> {@code logits} and {@code dlogits} hold {@code rows × classes} row-major matrices at their
 *       offsets; labels are {@code rows} ints; probability targets a {@code rows × classes} matrix.
 *       {@code dlogits} may be exactly the logits slice (in place); any other overlap with the logits, and any
 *       overlap with the targets or the class weights, is rejected.</li>
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
 *   <li><b>Batching.</b> The integer-label row forms without smoothing hand a batch of up to 256 classes to the
 *       row kernel in one call. On the SIMD path the rows of a batch of more than one row are finished (loss,
 *       1/S, the label's entry) L at a time (L the float lanes) in float, where a one-row call does that in
 *       double, and a batch of at least L/2 rows of at most 16 classes is computed a vector of rows at a time
 *       (transposed: row r in lane r), which adds the exps in another order: within the bounds above, possibly
 *       other last bits than the one-row call. A row's gradient depends on its own
 *       values, its label and the batch's shape only, never on its neighbours or its place; the batch loss adds
 *       the rows' losses in double.</li>
 *   <li>No allocation, thread-safe for disjoint outputs.</li>
 * </ul>
 */
public final class CrossEntropy {

    private static final CrossEntropyEngine ENGINE =
            new CrossEntropyEngine(new SoftmaxEngine(VectorizationProvider.kernels()));

    private CrossEntropy() {
    }

    /**
     * Options of the integer-label row forms: the reduction, label smoothing, class weights and an ignore
     * label. Immutable; start from {@link #defaults()} and change one option at a time with the withers.
     */
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

        /**
         * Mean reduction, no smoothing, no weights, no ignore label.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(Reduction.MEAN, 0f, null, NO_IGNORE_LABEL);
        }

        /**
         * Returns these options with {@code reduction}.
         *
         * @param reduction how the per-row losses are combined
         * @return the new options
         */
        public Options withReduction(Reduction reduction) {
            return new Options(Objects.requireNonNull(reduction, "reduction"), labelSmoothing, classWeights,
                    ignoreLabel);
        }

        /**
         * Returns these options with label smoothing {@code epsilon} in [0, 1].
         *
         * @param epsilon the smoothing ε in [0, 1]
         * @return the new options
         */
        public Options withLabelSmoothing(float epsilon) {
            if (!(epsilon >= 0f && epsilon <= 1f)) {
                throw new IllegalArgumentException("labelSmoothing must be in [0, 1], but was " + epsilon);
            }
            return new Options(reduction, epsilon, classWeights, ignoreLabel);
        }

        /**
         * Returns these options with per-class weights (finite, ≥ 0, one per class; checked against the class
         * count at the call; the array is used, not copied, so do not change it during a call).
         *
         * @param weights one weight per class, finite and ≥ 0
         * @return the new options
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

        /**
         * Returns these options where rows with {@code label} count for nothing (PyTorch's ignore_index);
         * {@link #NO_IGNORE_LABEL} turns it off.
         *
         * @param label the class of the row, in [0, classes)
         * @return the new options
         */
        public Options withIgnoreLabel(int label) {
            return new Options(reduction, labelSmoothing, classWeights, label);
        }

        /**
         * The reduction over rows ({@link Reduction#MEAN} by default).
         *
         * @return the reduction over rows ({@link Reduction#MEAN} by default)
         */
        public Reduction reduction() {
            return reduction;
        }

        /**
         * The label smoothing ε in [0, 1] (0 by default).
         *
         * @return the label smoothing ε in [0, 1] (0 by default)
         */
        public float labelSmoothing() {
            return labelSmoothing;
        }

        /**
         * The class weights (the caller's array, not a copy), or null when every class weighs 1.
         *
         * @return the class weights (the caller's array, not a copy), or null when every class weighs 1
         */
        public float[] classWeights() {
            return classWeights;
        }

        /**
         * The ignore label, or {@link #NO_IGNORE_LABEL}.
         *
         * @return the ignore label, or {@link #NO_IGNORE_LABEL}
         */
        public int ignoreLabel() {
            return ignoreLabel;
        }
    }

    /**
     * Returns −log p[label] of one row of {@code classes} logits and writes {@code dlogits = p − onehot(label)}
     * at {@code dlogitsOffset}; dlogits may be the logits slice itself (in place). See the class comment for
     * the contract.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param label the class of the row, in [0, classes)
     * @param dlogits the gradient written, shaped like the logits at {@code dlogitsOffset}; may be the logits slice
     * exactly (in place)
     * @param dlogitsOffset index in {@code dlogits} of the first gradient entry written
     * @param classes number of classes K of each row (≥ 1)
     * @return the loss −log p[label]
     * @throws IllegalArgumentException if classes &lt; 1, label is outside [0, classes), or dlogits partially
     *                                  overlaps logits
     */
    public static float lossAndGradient(float[] logits, int logitsOffset, int label, float[] dlogits,
                                        int dlogitsOffset, int classes) {
        checkRows(logits, logitsOffset, 1, classes);
        checkGradient(logits, logitsOffset, dlogits, dlogitsOffset, classes);
        checkSingleLabel(label, classes);
        return ENGINE.lossAndGradient(logits, logitsOffset, classes, label, dlogits, dlogitsOffset);
    }

    /**
     * {@link #lossAndGradient(float[], int, int, float[], int, int)} of whole arrays: classes = logits.length.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param label the class of the row, in [0, classes)
     * @param dlogits the gradient written, shaped like the logits at {@code dlogitsOffset}; may be the logits slice
     * exactly (in place)
     * @return the loss −log p[label]
     */
    public static float lossAndGradient(float[] logits, int label, float[] dlogits) {
        Checks.sameLength("logits", logits, "dlogits", dlogits);
        return lossAndGradient(logits, 0, label, dlogits, 0, logits.length);
    }

    /**
     * Returns −log p[label] of one row of {@code classes} logits, without a gradient.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param label the class of the row, in [0, classes)
     * @param classes number of classes K of each row (≥ 1)
     * @return the loss −log p[label]
     */
    public static float loss(float[] logits, int logitsOffset, int label, int classes) {
        checkRows(logits, logitsOffset, 1, classes);
        checkSingleLabel(label, classes);
        return ENGINE.lossAndGradient(logits, logitsOffset, classes, label, null, 0);
    }

    /**
     * Reduced loss of {@code rows} rows of {@code classes} logits with integer labels, and its gradient into
     * the {@code rows × classes} matrix at {@code dlogits[dlogitsOffset]} (which may be the logits slice
     * itself, in place). See the class comment for the definition and the contract.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param labels the class label of each row, {@code rows} ints at {@code labelsOffset}, each in [0, classes)
     * @param labelsOffset index in {@code labels} of the first row's label
     * @param dlogits the gradient written, shaped like the logits at {@code dlogitsOffset}; may be the logits slice
     * exactly (in place)
     * @param dlogitsOffset index in {@code dlogits} of the first gradient entry written
     * @param rows number of rows (≥ 0)
     * @param classes number of classes K of each row (≥ 1)
     * @param options the options (see {@link Options#defaults()})
     * @return the reduced loss
     * @throws IllegalArgumentException if classes &lt; 1, a label is outside [0, classes) and not the ignore
     *                                  label (the message names the row), the class weights are not
     *                                  {@code classes} long, or dlogits overlaps logits other than exactly or
     *                                  overlaps the class weights
     */
    public static float lossAndGradientRows(float[] logits, int logitsOffset, int[] labels, int labelsOffset,
                                            float[] dlogits, int dlogitsOffset, int rows, int classes,
                                            Options options) {
        int size = checkLabelRows(logits, logitsOffset, labels, labelsOffset, rows, classes, options);
        checkGradient(logits, logitsOffset, dlogits, dlogitsOffset, size);
        if (options.classWeights != null) {
            Checks.disjoint("dlogits", dlogits, dlogitsOffset, size, "classWeights", options.classWeights, 0,
                    options.classWeights.length);
        }
        return ENGINE.lossAndGradient(logits, logitsOffset, rows, classes, labels, labelsOffset, dlogits,
                dlogitsOffset, options.reduction == Reduction.MEAN, options.labelSmoothing, options.classWeights,
                options.ignoreLabel);
    }

    /**
     * The reduced loss of {@link #lossAndGradientRows(float[], int, int[], int, float[], int, int, int, Options)},
     * without a gradient.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param labels the class label of each row, {@code rows} ints at {@code labelsOffset}, each in [0, classes)
     * @param labelsOffset index in {@code labels} of the first row's label
     * @param rows number of rows (≥ 0)
     * @param classes number of classes K of each row (≥ 1)
     * @param options the options (see {@link Options#defaults()})
     * @return the reduced loss
     */
    public static float lossRows(float[] logits, int logitsOffset, int[] labels, int labelsOffset, int rows,
                                 int classes, Options options) {
        checkLabelRows(logits, logitsOffset, labels, labelsOffset, rows, classes, options);
        return ENGINE.lossAndGradient(logits, logitsOffset, rows, classes, labels, labelsOffset, null, 0,
                options.reduction == Reduction.MEAN, options.labelSmoothing, options.classWeights,
                options.ignoreLabel);
    }

    /**
     * Reduced loss of {@code rows} rows against probability targets (a {@code rows × classes} matrix at
     * {@code targetsOffset}, used as given: rows need not sum to 1), and its gradient into {@code dlogits}
     * (which may be the logits slice itself, but must not overlap the targets).
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param targets the targets, shaped like the logits at {@code targetsOffset}, used as given
     * @param targetsOffset index in {@code targets} of the first target
     * @param dlogits the gradient written, shaped like the logits at {@code dlogitsOffset}; may be the logits slice
     * exactly (in place)
     * @param dlogitsOffset index in {@code dlogits} of the first gradient entry written
     * @param rows number of rows (≥ 0)
     * @param classes number of classes K of each row (≥ 1)
     * @param reduction how the per-row losses are combined
     * @return the reduced loss
     */
    public static float lossAndGradientRows(float[] logits, int logitsOffset, float[] targets, int targetsOffset,
                                            float[] dlogits, int dlogitsOffset, int rows, int classes,
                                            Reduction reduction) {
        int size = checkTargetRows(logits, logitsOffset, targets, targetsOffset, rows, classes, reduction);
        checkGradient(logits, logitsOffset, dlogits, dlogitsOffset, size);
        Checks.disjoint("dlogits", dlogits, dlogitsOffset, size, "targets", targets, targetsOffset, size);
        return ENGINE.lossAndGradient(logits, logitsOffset, rows, classes, targets, targetsOffset, dlogits,
                dlogitsOffset, reduction == Reduction.MEAN);
    }

    /**
     * The reduced loss of {@link #lossAndGradientRows(float[], int, float[], int, float[], int, int, int,
     * Reduction)}, without a gradient.
     *
     * @param logits the logits, {@code rows × classes} row-major at {@code logitsOffset} (one row for the single-row
     * forms)
     * @param logitsOffset index in {@code logits} of the first logit
     * @param targets the targets, shaped like the logits at {@code targetsOffset}, used as given
     * @param targetsOffset index in {@code targets} of the first target
     * @param rows number of rows (≥ 0)
     * @param classes number of classes K of each row (≥ 1)
     * @param reduction how the per-row losses are combined
     * @return the reduced loss
     */
    public static float lossRows(float[] logits, int logitsOffset, float[] targets, int targetsOffset, int rows,
                                 int classes, Reduction reduction) {
        checkTargetRows(logits, logitsOffset, targets, targetsOffset, rows, classes, reduction);
        return ENGINE.lossAndGradient(logits, logitsOffset, rows, classes, targets, targetsOffset, null, 0,
                reduction == Reduction.MEAN);
    }

    private static int checkRows(float[] logits, int logitsOffset, int rows, int classes) {
        Checks.atLeast("classes", classes, 1);
        Checks.dimension("rows", rows);
        int size = Checks.size("rows", rows, "classes", classes);
        Checks.slice("logits", logits, logitsOffset, size);
        return size;
    }

    private static void checkGradient(float[] logits, int logitsOffset, float[] dlogits, int dlogitsOffset,
                                      int size) {
        Checks.slice("dlogits", dlogits, dlogitsOffset, size);
        Checks.inPlaceOrDisjoint("dlogits", dlogits, dlogitsOffset, "logits", logits, logitsOffset, size);
    }

    private static int checkLabelRows(float[] logits, int logitsOffset, int[] labels, int labelsOffset, int rows,
                                      int classes, Options options) {
        Checks.notNull("options", options);
        int size = checkRows(logits, logitsOffset, rows, classes);
        if (options.classWeights != null && options.classWeights.length != classes) {
            throw new IllegalArgumentException("classWeights.length (" + options.classWeights.length
                    + ") must equal classes (" + classes + ")");
        }
        Checks.labels("labels", labels, labelsOffset, rows, classes, options.ignoreLabel,
                options.ignoreLabel != Options.NO_IGNORE_LABEL);
        return size;
    }

    private static int checkTargetRows(float[] logits, int logitsOffset, float[] targets, int targetsOffset,
                                       int rows, int classes, Reduction reduction) {
        Checks.notNull("reduction", reduction);
        int size = checkRows(logits, logitsOffset, rows, classes);
        Checks.slice("targets", targets, targetsOffset, size);
        return size;
    }

    private static void checkSingleLabel(int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label = " + label + " is outside [0, " + classes + ")");
        }
    }
}
