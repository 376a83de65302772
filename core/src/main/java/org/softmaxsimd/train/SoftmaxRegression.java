package org.softmaxsimd.train;

import java.util.Arrays;
import java.util.Objects;

import org.softmaxsimd.Linear;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.Predictions;

/**
 * Softmax regression (multinomial logistic regression) with K classes over d features: logits
 * z = θx (+ b), p = softmax(z). Parameters live in one float array, {@link #parameters()}: the K×d weights
 * θ row-major, then, with a bias, the K bias entries.
 *
 * <p>The model is over-parameterised (adding one vector to every row of θ leaves p unchanged). With
 * {@code pivot} the last class is the reference: its weight row and bias stay 0 (the K−1 parameterisation);
 * trainers never move them. K = 2 with a pivot is logistic regression.
 *
 * <p>Not thread-safe for writes; concurrent predictions on an unchanged model are safe.
 */
public final class SoftmaxRegression {

    private static final int BLOCK_ROWS = 64;
    private final int classes;
    private final int features;
    private final boolean bias;
    private final boolean pivot;
    private final float[] parameters;

    /**
     * The parameterisation of a model: with or without a bias, with or without a pivot class. Immutable; start
     * from {@link #defaults()} (a bias, no pivot) and change one option at a time with the withers.
     */
    public static final class Options {
        private final boolean bias;
        private final boolean pivot;

        private Options(boolean bias, boolean pivot) {
            this.bias = bias;
            this.pivot = pivot;
        }

        /**
         * A bias per class, no pivot class (all K rows trained).
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(true, false);
        }

        /**
         * Returns these options with ({@code true}) or without a bias per class.
         *
         * @param enabled {@code true} to turn the option on
         * @return the new options
         */
        public Options withBias(boolean enabled) {
            return new Options(enabled, pivot);
        }

        /**
         * Returns these options with ({@code true}) or without the last class as a pivot fixed at 0 (K−1
         * parameterisation).
         *
         * @param enabled {@code true} to turn the option on
         * @return the new options
         */
        public Options withPivot(boolean enabled) {
            return new Options(bias, enabled);
        }

        /**
         * Whether each class has a bias.
         *
         * @return {@code true} if each class has a bias
         */
        public boolean bias() {
            return bias;
        }

        /**
         * Whether the last class is a pivot fixed at 0.
         *
         * @return {@code true} if the last class is a pivot fixed at 0
         */
        public boolean pivot() {
            return pivot;
        }
    }

    /**
     * A model with all parameters 0 (every class equally likely).
     *
     * @param classes number of classes K (≥ 2)
     * @param features number of features d (≥ 1)
     * @param options the parameterisation (bias, pivot)
     * @throws IllegalArgumentException if classes &lt; 2, features &lt; 1, or the parameters exceed one array
     */
    public SoftmaxRegression(int classes, int features, Options options) {
        this(classes, features, options, null);
    }

    /**
     * A model over the given parameters (copied; null for all zero), laid out as {@link #parameters()} describes.
     *
     * @param classes number of classes K (≥ 2)
     * @param features number of features d (≥ 1)
     * @param options the parameterisation (bias, pivot)
     * @param parameters the parameters laid out as {@link #parameters()} describes, copied; null for all zero
     * @throws IllegalArgumentException if the length is not {@code classes·features (+ classes with a bias)}, or
     *                                  if a pivot row is not 0
     */
    public SoftmaxRegression(int classes, int features, Options options, float[] parameters) {
        Checks.notNull("options", options);
        boolean bias = options.bias;
        boolean pivot = options.pivot;
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2, but was " + classes);
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, but was " + features);
        }
        long count = (long) classes * features + (bias ? classes : 0);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("classes * features = " + count + " parameters exceed one array");
        }
        this.classes = classes;
        this.features = features;
        this.bias = bias;
        this.pivot = pivot;
        if (parameters == null) {
            this.parameters = new float[(int) count];
        } else {
            if (parameters.length != count) {
                throw new IllegalArgumentException("parameters.length (" + parameters.length + ") must be "
                        + count + " for " + classes + " classes, " + features + " features"
                        + (bias ? " and a bias" : ""));
            }
            this.parameters = parameters.clone();
            if (pivot && !pivotIsZero()) {
                throw new IllegalArgumentException("the pivot class " + (classes - 1) + " must have zero weights"
                        + (bias ? " and bias" : ""));
            }
        }
    }

    private boolean pivotIsZero() {
        int row = (classes - 1) * features;
        for (int j = 0; j < features; j++) {
            if (parameters[row + j] != 0f) {
                return false;
            }
        }
        return !bias || parameters[biasOffset() + classes - 1] == 0f;
    }

    /** Sets the pivot class's weight row (and bias) to 0 in a parameter-shaped array; nothing without a pivot. */
    void clearPivot(float[] p) {
        if (pivot) {
            Arrays.fill(p, (classes - 1) * features, classes * features, 0f);
            if (bias) {
                p[biasOffset() + classes - 1] = 0f;
            }
        }
    }

    /** {@link #clearPivot(float[])} for float64 parameter or gradient vectors. */
    void clearPivot(double[] p) {
        if (pivot) {
            Arrays.fill(p, (classes - 1) * features, classes * features, 0.0);
            if (bias) {
                p[biasOffset() + classes - 1] = 0.0;
            }
        }
    }

    /**
     * K, the number of classes.
     *
     * @return K
     */
    public int classes() {
        return classes;
    }

    /**
     * d, the number of features.
     *
     * @return d
     */
    public int features() {
        return features;
    }

    /**
     * The parameterisation (bias, pivot) of this model.
     *
     * @return the parameterisation (bias, pivot) of this model
     */
    public Options options() {
        return new Options(bias, pivot);
    }

    /**
     * Whether the logits have a bias term (never penalised by weight decay).
     *
     * @return {@code true} if the logits have a bias term (never penalised by weight decay)
     */
    public boolean hasBias() {
        return bias;
    }

    /**
     * Whether the last class is a pivot whose parameters stay 0.
     *
     * @return {@code true} if the last class is a pivot whose parameters stay 0
     */
    public boolean hasPivot() {
        return pivot;
    }

    /**
     * The live parameter array (not a copy): θ (K×d row-major) at 0, then the bias at {@link #biasOffset()}
     * when {@link #hasBias()}. Writers must keep a pivot row at 0.
     *
     * @return the live parameter array (not a copy): θ (K×d row-major) at 0, then the bias at {@link #biasOffset()}
     * when {@link #hasBias()}
     */
    public float[] parameters() {
        return parameters;
    }

    /**
     * The number of weights K·d (the penalised parameters).
     *
     * @return the number of weights K·d (the penalised parameters)
     */
    public int weightCount() {
        return classes * features;
    }

    /**
     * Where the bias starts in {@link #parameters()}: K·d.
     *
     * @return the index of class 0's bias in {@link #parameters()} (K·d)
     */
    public int biasOffset() {
        return classes * features;
    }

    /**
     * Writes the K logits of one example {@code x[xOffset..xOffset+d)} into {@code z[zOffset..zOffset+K)}.
     *
     * @param x the example: {@code features} floats at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param z receives the K logits at {@code zOffset}
     * @param zOffset index in {@code z} of the first logit written
     */
    public void logits(float[] x, int xOffset, float[] z, int zOffset) {
        Linear.logits(x, xOffset, parameters, 0, bias ? parameters : null, biasOffset(), z, zOffset, classes,
                features);
    }

    /**
     * Writes p(k|x) for the K classes of one example into {@code p[pOffset..pOffset+K)}; returns log Σ exp z.
     *
     * @param x the example: {@code features} floats at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param p receives the K probabilities at {@code pOffset}
     * @param pOffset index in {@code p} of class 0's probability
     * @return log Σ exp z, the log-sum-exp of the logits
     */
    public float predictProba(float[] x, int xOffset, float[] p, int pOffset) {
        logits(x, xOffset, p, pOffset);
        return Softmax.softmax(p, pOffset, p, pOffset, classes);
    }

    /**
     * p(k|x) for every row of {@code data}: a {@code rows × K} row-major matrix, row r holding the K class
     * probabilities of example r, each row as {@link #predictProba(float[], int, float[], int)} computes it up to
     * the order of the additions of its softmax sum (within the same error bound, see {@code Softmax}). The logits
     * of a block of rows are one GEMM and their softmax one batched call, not one call per example.
     *
     * @param data the examples, with {@code features} features each
     * @return the probabilities, {@code data.rows() × classes} floats
     * @throws IllegalArgumentException if data has another number of features, or rows × classes exceeds
     *                                  {@code Integer.MAX_VALUE - 8} (the largest Java array)
     */
    public float[] predictProba(Dataset data) {
        checkFeatures(data);
        int rows = data.rows();
        if ((long) rows * classes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("data.rows() × classes must be at most " + (Integer.MAX_VALUE - 8)
                    + ", but was " + rows + " × " + classes);
        }
        float[] p = new float[rows * classes];
        for (int from = 0; from < rows; from += BLOCK_ROWS) {
            int m = Math.min(BLOCK_ROWS, rows - from);
            int at = from * classes;
            Linear.logitsRows(data.x(), from * features, parameters, 0, bias ? parameters : null, biasOffset(), p, at,
                    m, classes, features);
            Softmax.softmaxRows(p, at, p, at, m, classes);
        }
        return p;
    }

    /**
     * The most likely class of one example (the lowest index among ties).
     *
     * @param x the example: {@code features} floats at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @return the most likely class (the class of each row, for a dataset)
     */
    public int predict(float[] x, int xOffset) {
        float[] z = new float[classes];
        logits(x, xOffset, z, 0);
        return Predictions.argmax(z, 0, classes);
    }

    /**
     * The most likely class of every row of {@code data}.
     *
     * @param data the labelled examples, with {@code features} features each
     * @return the most likely class (the class of each row, for a dataset)
     */
    public int[] predict(Dataset data) {
        checkFeatures(data);
        int rows = data.rows();
        int[] predicted = new int[rows];
        float[] z = new float[Math.min(BLOCK_ROWS, Math.max(rows, 1)) * classes];
        for (int from = 0; from < rows; from += BLOCK_ROWS) {
            int m = Math.min(BLOCK_ROWS, rows - from);
            Linear.logitsRows(data.x(), from * features, parameters, 0, bias ? parameters : null, biasOffset(), z, 0,
                    m, classes, features);
            for (int r = 0; r < m; r++) {
                predicted[from + r] = Predictions.argmax(z, r * classes, classes);
            }
        }
        return predicted;
    }

    /**
     * The fraction of rows of {@code data} whose predicted class is the label (NaN for no rows).
     *
     * @param data the labelled examples, with {@code features} features each
     * @return the fraction classified right
     */
    public double accuracy(Dataset data) {
        return fractionRight(predict(data), data.labels());
    }

    private static double fractionRight(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    /**
     * The objective J(θ) = −(1/m) Σ log p(y⁽ⁱ⁾|x⁽ⁱ⁾) + (λ/2)‖θ‖² (weights only, not the bias) on
     * {@code data}, computed as in training (one thread).
     *
     * @param data the labelled examples, with {@code features} features each
     * @param lambda the L2 penalty λ (finite, ≥ 0)
     * @return J(θ)
     */
    public double objective(Dataset data, double lambda) {
        try (SoftmaxObjective objective = new SoftmaxObjective(this, data, lambda, 1)) {
            return objective.evaluate(objective.parametersOf(this), new double[objective.dimension()]);
        }
    }

    /**
     * The most likely class of every row of the CSR examples {@code data} (the lowest index among ties): each
     * logit is b_k plus Σ over the row's non-zeros of value·W[k][index], summed in float in stored order.
     *
     * @param data the examples, with {@code features} features each
     * @return the most likely class of each row
     */
    public int[] predict(SparseDataset data) {
        checkFeatures(data);
        int[] predicted = new int[data.rows()];
        float[] z = new float[classes];
        int[] rowStart = data.rowStart();
        int[] index = data.index();
        float[] value = data.value();
        for (int r = 0; r < predicted.length; r++) {
            for (int k = 0; k < classes; k++) {
                z[k] = bias ? parameters[biasOffset() + k] : 0f;
            }
            for (int n = rowStart[r]; n < rowStart[r + 1]; n++) {
                int j = index[n];
                float v = value[n];
                for (int k = 0; k < classes; k++) {
                    z[k] = Math.fma(v, parameters[k * features + j], z[k]);
                }
            }
            predicted[r] = Predictions.argmax(z, 0, classes);
        }
        return predicted;
    }

    /**
     * The fraction of rows of the CSR examples {@code data} whose predicted class is the label (NaN for no rows).
     *
     * @param data the labelled examples, with {@code features} features each
     * @return the fraction classified right
     */
    public double accuracy(SparseDataset data) {
        return fractionRight(predict(data), data.labels());
    }

    /**
     * The objective J(θ) of {@link #objective(Dataset, double)} on CSR examples, computed as in sparse training
     * ({@link SparseSoftmaxObjective}, one thread).
     *
     * @param data the labelled examples, with {@code features} features each
     * @param lambda the L2 penalty λ (finite, ≥ 0)
     * @return J(θ)
     * @throws IllegalArgumentException if the model has a pivot class (not supported by the sparse objective)
     */
    public double objective(SparseDataset data, double lambda) {
        try (SparseSoftmaxObjective objective = new SparseSoftmaxObjective(this, data, lambda, 1)) {
            return objective.evaluate(objective.parametersOf(this), new double[objective.dimension()]);
        }
    }

    void checkFeatures(SparseDataset data) {
        Objects.requireNonNull(data, "data");
        if (data.features() != features) {
            throw new IllegalArgumentException("data has " + data.features() + " features, the model " + features);
        }
    }

    void checkFeatures(Dataset data) {
        Objects.requireNonNull(data, "data");
        if (data.features() != features) {
            throw new IllegalArgumentException("data has " + data.features() + " features, the model " + features);
        }
    }
}
