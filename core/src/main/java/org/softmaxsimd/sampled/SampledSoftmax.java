package org.softmaxsimd.sampled;

import org.softmaxsimd.Linear;
import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Sampled softmax loss (Jean et al. 2015; TensorFlow's {@code sampled_softmax_loss}): for each example x_i
 * with {@code numTrue} true classes, the logits of the true classes and of S sampled classes,
 * z_c = W_c·x_i + b_c − log Q(c) (Q the expected count of c in the draw; the log-Q correction), form a row of
 * numTrue + S columns whose softmax cross-entropy against targets 1/numTrue on the true columns (0 on the
 * sampled ones) is the example's loss; sampled columns equal to one of the example's true classes
 * ("accidental hits") are masked to −∞ when asked. The batch loss is the mean over examples; its gradient is
 * accumulated into a {@link SparseRowGradient} that touches only the gathered rows. The rows of W of the
 * batch's true classes and of the S candidates are gathered into one block, so the logits and the gradient are
 * two SIMD GEMMs: a step costs O(rows·(rows·numTrue + S)·d), independent of K.
 *
 * <p>Shapes: x is rows × d at xOffset, W is K × d at wOffset, b has K entries (or null), labels are
 * rows × numTrue. The candidates are shared by the whole batch; for negatives per example, call once per
 * example (rows = 1) with a fresh draw. Arguments are checked before anything is written. Not thread-safe
 * (it owns its scratch): one instance per thread.
 */
public final class SampledSoftmax {

    private static final KernelSupport KERNELS = VectorizationProvider.kernels();
    private static final SoftmaxEngine SOFTMAX = new SoftmaxEngine(KERNELS);

    private final int classes;
    private final int features;
    private final Options options;
    private final int numTrue;
    private float[] row = new float[0];
    private int[] drawnIds = new int[0];
    private float[] drawnLogQ = new float[0];
    private float[] trueLogQ = new float[0];
    private float[] gathered = new float[0];
    private float[] gatheredGradient = new float[0];
    private float[] gatheredBias = new float[0];
    private float[] gatheredBiasGradient = new float[0];
    private float[] logits = new float[0];
    private float[] dlogits = new float[0];

    /**
     * How the sampled loss is formed; immutable, start from {@link #defaults()} and change one option at a
     * time with the withers.
     */
    public static final class Options {
        private final int numTrue;
        private final boolean logQCorrection;
        private final boolean removeAccidentalHits;

        private Options(int numTrue, boolean logQCorrection, boolean removeAccidentalHits) {
            this.numTrue = numTrue;
            this.logQCorrection = logQCorrection;
            this.removeAccidentalHits = removeAccidentalHits;
        }

        /**
         * One true class per example, the log-Q correction on, accidental hits removed (TensorFlow's defaults).
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(1, true, true);
        }

        /**
         * Returns these options with {@code numTrue ≥ 1} true classes per example (labels are rows × numTrue).
         *
         * @param numTrue true classes per example (≥ 1)
         * @return the new options
         */
        public Options withNumTrue(int numTrue) {
            return new Options(Checks.atLeast("numTrue", numTrue, 1), logQCorrection, removeAccidentalHits);
        }

        /**
         * Returns these options with or without the log-Q correction of drawn candidates (z − log Q, Q the
         * sampler's expected count); explicit {@link CandidateSet}s carry their own log-Q values instead.
         *
         * @param enabled {@code true} to turn the option on
         * @return the new options
         */
        public Options withLogQCorrection(boolean enabled) {
            return new Options(numTrue, enabled, removeAccidentalHits);
        }

        /**
         * Returns these options with sampled columns equal to one of the example's true classes masked to −∞, or not.
         * 
         *
         * @param enabled {@code true} to turn the option on
         * @return the new options
         */
        public Options withRemoveAccidentalHits(boolean enabled) {
            return new Options(numTrue, logQCorrection, enabled);
        }

        /**
         * True classes per example.
         *
         * @return the true classes per example
         */
        public int numTrue() {
            return numTrue;
        }

        /**
         * Whether drawn candidates get the log-Q correction.
         *
         * @return {@code true} if drawn candidates get the log-Q correction
         */
        public boolean logQCorrection() {
            return logQCorrection;
        }

        /**
         * Whether accidental hits are masked.
         *
         * @return {@code true} if accidental hits are masked
         */
        public boolean removeAccidentalHits() {
            return removeAccidentalHits;
        }
    }

    /**
     * A loss over {@code classes} classes of {@code features}-dimensional inputs, with {@link Options#defaults()}.
     *
     * @param classes number of classes K (≥ 1)
     * @param features number of features d (≥ 1)
     */
    public SampledSoftmax(int classes, int features) {
        this(classes, features, Options.defaults());
    }

    /**
     * A loss over {@code classes} classes of {@code features}-dimensional inputs, formed as {@code options} say.
     *
     * @param classes number of classes K (≥ 1)
     * @param features number of features d (≥ 1)
     * @param options how the loss is formed
     */
    public SampledSoftmax(int classes, int features, Options options) {
        this.classes = Checks.atLeast("classes", classes, 1);
        this.features = Checks.atLeast("features", features, 1);
        this.options = Checks.notNull("options", options);
        this.numTrue = options.numTrue;
    }

    /**
     * The options this loss was made with.
     *
     * @return the options this loss was made with
     */
    public Options options() {
        return options;
    }

    /**
     * Mean sampled-softmax loss of {@code rows} examples against the candidates of the last draw
     * {@code drawn} (made by {@code sampler}, shared by the batch), with the log-Q correction from
     * {@link CandidateSampler#expectedCount} for the true and the sampled classes when the options ask for
     * it; adds its gradient to {@code gradient}. x is rows × features, W classes × features, b (or null)
     * classes long, labels rows × numTrue.
     *
     * @param x the examples, {@code rows × features} row-major at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param labels the true classes, {@code rows × numTrue} ints at {@code labelsOffset} (example-major), each in [0,
     * classes)
     * @param labelsOffset index in {@code labels} of the first example's first true class
     * @param sampler the candidate sampler, over [0, classes)
     * @param drawn the candidates of the last draw of {@code sampler}
     * @param gradient the sparse row gradient of the batch's mean loss, added to (+=); must be classes × features
     * @param rows number of examples in the batch (≥ 1)
     * @return the mean sampled-softmax loss of the batch
     * @throws IllegalArgumentException if the sampler's range is not classes, rows &lt; 1, a label or candidate is
     *                                  outside [0, classes), or the gradient has another shape
     */
    public float lossAndGradient(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset,
                                 int[] labels, int labelsOffset, CandidateSampler sampler, Candidates drawn,
                                 SparseRowGradient gradient, int rows) {
        Checks.notNull("sampler", sampler);
        Checks.notNull("drawn", drawn);
        if (sampler.range() != classes) {
            throw new IllegalArgumentException("sampler.range() (" + sampler.range() + ") must equal classes ("
                    + classes + ")");
        }
        checkModel(x, xOffset, rows, w, wOffset, b, bOffset, labels, labelsOffset, gradient);
        int sampled = drawn.size();
        if (drawnIds.length < sampled) {
            drawnIds = new int[sampled];
            drawnLogQ = new float[sampled];
        }
        if (trueLogQ.length < rows * numTrue) {
            trueLogQ = new float[rows * numTrue];
        }
        drawn.copyTo(drawnIds, 0);
        if (options.logQCorrection) {
            for (int j = 0; j < sampled; j++) {
                drawnLogQ[j] = (float) Math.log(sampler.expectedCount(drawnIds[j], drawn));
            }
            for (int t = 0; t < rows * numTrue; t++) {
                trueLogQ[t] = (float) Math.log(sampler.expectedCount(labels[labelsOffset + t], drawn));
            }
        }
        return gatheredLoss(x, xOffset, w, wOffset, b, bOffset, labels, labelsOffset, drawnIds, sampled,
                options.logQCorrection ? drawnLogQ : null, trueLogQ, gradient, rows);
    }

    /**
     * Mean sampled-softmax loss of {@code rows} examples against explicit candidates and their log expected
     * counts ({@link CandidateSet}); adds its gradient to {@code gradient}. With every class as a candidate,
     * zero log-Q and accidental hits removed, this is exactly the full softmax cross-entropy.
     *
     * @param x the examples, {@code rows × features} row-major at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param labels the true classes, {@code rows × numTrue} ints at {@code labelsOffset} (example-major), each in [0,
     * classes)
     * @param labelsOffset index in {@code labels} of the first example's first true class
     * @param candidates the explicit candidates and their log-Q values
     * @param gradient the sparse row gradient of the batch's mean loss, added to (+=); must be classes × features
     * @param rows number of examples in the batch (≥ 1)
     * @return the mean sampled-softmax loss of the batch
     * @throws IllegalArgumentException if rows &lt; 1, a label or candidate is outside [0, classes), the set's
     *                                  label log-Q values are fewer than rows × numTrue, or the gradient has
     *                                  another shape
     */
    public float lossAndGradient(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset,
                                 int[] labels, int labelsOffset, CandidateSet candidates, SparseRowGradient gradient,
                                 int rows) {
        Checks.notNull("candidates", candidates);
        checkModel(x, xOffset, rows, w, wOffset, b, bOffset, labels, labelsOffset, gradient);
        Checks.labels("candidates", candidates.ids(), 0, candidates.ids().length, classes);
        if (candidates.labelLogQ() != null && candidates.labelLogQ().length < (long) rows * numTrue) {
            throw new IllegalArgumentException("candidates.labelLogQ().length (" + candidates.labelLogQ().length
                    + ") must be >= rows·numTrue (" + (long) rows * numTrue + ")");
        }
        int[] ids = candidates.ids();
        int sampled = ids.length;
        float[] candidateLogQ = candidates.logQ();
        float[] labelLogQ = candidates.labelLogQ();
        return gatheredLoss(x, xOffset, w, wOffset, b, bOffset, labels, labelsOffset, ids, sampled, candidateLogQ,
                labelLogQ, gradient, rows);
    }

    private float gatheredLoss(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset, int[] labels,
                               int labelsOffset, int[] candidates, int sampled, float[] candidateLogQ,
                               float[] labelLogQ, SparseRowGradient gradient, int rows) {
        int width = numTrue + sampled;
        // The batch's true columns (one per example and true label, example-major) and the shared sampled
        // columns are gathered into one block G, so the logits and dW of all examples are two GEMMs on the SIMD
        // kernels instead of (rows·width) separate dot products and axpys.
        int trueColumns = rows * numTrue;
        int columns = trueColumns + sampled;
        ensureScratch(width, rows, columns);
        for (int col = 0; col < columns; col++) {
            int c = col < trueColumns ? labels[labelsOffset + col] : candidates[col - trueColumns];
            System.arraycopy(w, wOffset + c * features, gathered, col * features, features);
            gatheredBias[col] = b == null ? 0f : b[bOffset + c];
        }
        Linear.logitsRows(x, xOffset, gathered, 0, gatheredBias, 0, logits, 0, rows, columns, features);
        double total = columnLoss(options, logits, dlogits, row, labels, labelsOffset, candidates, sampled,
                candidateLogQ, labelLogQ, rows);
        java.util.Arrays.fill(gatheredGradient, 0, columns * features, 0f);
        java.util.Arrays.fill(gatheredBiasGradient, 0, columns, 0f);
        Linear.accumulateGradient(dlogits, 0, x, xOffset, gatheredGradient, 0, gatheredBiasGradient, 0, rows, columns,
                features, 1f);
        for (int col = 0; col < columns; col++) {
            int c = col < trueColumns ? labels[labelsOffset + col] : candidates[col - trueColumns];
            int at = gradient.rowOffset(c);
            KERNELS.axpy(1f, gatheredGradient, col * features, gradient.rowsArray(), at, features);
            gradient.addBias(c, gatheredBiasGradient[col]);
        }
        return (float) (total / rows);
    }

    /**
     * The sampled-softmax loss over gathered logits and its gradient with respect to them: logits and dlogits are
     * rows × columns, the columns being the batch's true classes (rows·numTrue, example-major) and then the
     * shared sampled candidates. Each example sees its own true columns and the sampled ones, corrected by
     * log Q and with accidental hits masked as the options say; dlogits (zeroed first) gets (p − t)/rows at those
     * columns. Returns the summed loss of the rows (the caller divides by rows). {@code row} is scratch of at
     * least numTrue + sampled floats. Shared by the dense and the sparse-input losses.
     */
    static double columnLoss(Options options, float[] logits, float[] dlogits, float[] row, int[] labels,
                             int labelsOffset, int[] candidates, int sampled, float[] candidateLogQ,
                             float[] labelLogQ, int rows) {
        int numTrue = options.numTrue;
        int width = numTrue + sampled;
        int trueColumns = rows * numTrue;
        int columns = trueColumns + sampled;
        java.util.Arrays.fill(dlogits, 0, rows * columns, 0f);
        float scale = 1f / rows;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int li = labelsOffset + i * numTrue;
            int zi = i * columns;
            for (int j = 0; j < width; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                float z = logits[zi + col];
                if (candidateLogQ != null) {
                    z -= j < numTrue ? labelLogQ[i * numTrue + j] : candidateLogQ[j - numTrue];
                }
                if (j >= numTrue && options.removeAccidentalHits
                        && isTrue(labels, li, numTrue, candidates[j - numTrue])) {
                    z = Float.NEGATIVE_INFINITY;
                }
                row[j] = z;
            }
            // −log p_true = lse − z_true; the probabilities come from the SIMD softmax (one exp per column).
            double trueLogits = 0;
            for (int j = 0; j < numTrue; j++) {
                trueLogits += row[j];
            }
            float lse = SOFTMAX.softmax(row, 0, row, 0, width);
            total += lse - trueLogits / numTrue;
            // dz_j = p_j − t_j, scaled by 1/rows, at the example's own columns of the gathered block.
            for (int j = 0; j < width; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                dlogits[zi + col] = (row[j] - (j < numTrue ? 1f / numTrue : 0f)) * scale;
            }
        }
        return total;
    }

    private void ensureScratch(int width, int rows, int columns) {
        if ((long) columns * Math.max(features, rows) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows·numTrue + sampled = " + columns + " columns of " + features
                    + " features (or " + rows + " rows) exceed one array");
        }
        if (row.length < width) {
            row = new float[width];
        }
        if (gathered.length < columns * features) {
            gathered = new float[columns * features];
            gatheredGradient = new float[columns * features];
        }
        if (gatheredBias.length < columns) {
            gatheredBias = new float[columns];
            gatheredBiasGradient = new float[columns];
        }
        if (logits.length < rows * columns) {
            logits = new float[rows * columns];
            dlogits = new float[rows * columns];
        }
    }

    private static boolean isTrue(int[] labels, int from, int numTrue, int c) {
        for (int t = 0; t < numTrue; t++) {
            if (labels[from + t] == c) {
                return true;
            }
        }
        return false;
    }

    private void checkLabels(int[] labels, int labelsOffset, int rows) {
        Checks.atLeast("rows", rows, 1);
        Checks.labels("labels", labels, labelsOffset, Math.multiplyExact(rows, numTrue), classes);
    }

    private void checkModel(float[] x, int xOffset, int rows, float[] w, int wOffset, float[] b, int bOffset,
                            int[] labels, int labelsOffset, SparseRowGradient gradient) {
        Checks.notNull("gradient", gradient);
        checkLabels(labels, labelsOffset, rows);
        if (gradient.classes() != classes || gradient.features() != features) {
            throw new IllegalArgumentException("gradient is " + gradient.classes() + "×" + gradient.features()
                    + " but the model is " + classes + "×" + features);
        }
        Checks.slice("x", x, xOffset, (long) rows * features);
        Checks.slice("w", w, wOffset, (long) classes * features);
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
    }
}
