package org.softmaxsimd.sampled;

import java.util.Arrays;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Gradient of a K×d weight matrix (and optional bias) that touches only some rows: the row ids in first-touch
 * order, one dense d-row per id, and the bias entries. Sampled softmax writes here; {@link #applySgd} updates
 * only the touched rows of W and b, so a step costs O(rows touched · d), whatever K. Reusable after
 * {@link #clear()}; not thread-safe (one per thread, merged by the caller).
 */
public final class SparseRowGradient {
    private static final KernelSupport KERNELS = VectorizationProvider.kernels();
    private final int classes;
    private final int features;
    /** slot[k] is valid when stamp[k] == current: the row of class k in {@link #rows}. */
    private final int[] slot;
    private final int[] stamp;
    private int current = 1;
    private int[] ids = new int[16];
    private float[] rows;
    private float[] bias;
    private int count;

    /**
     * A gradient of a {@code classes × features} matrix and a bias of {@code classes}.
     *
     * @param classes number of classes K (rows of W, ≥ 1)
     * @param features number of features d (≥ 1)
     */
    public SparseRowGradient(int classes, int features) {
        this.classes = Checks.atLeast("classes", classes, 1);
        this.features = Checks.atLeast("features", features, 1);
        this.slot = new int[classes];
        this.stamp = new int[classes];
        this.rows = new float[16 * features];
        this.bias = new float[16];
    }

    /**
     * Number of classes K.
     *
     * @return number of classes K
     */
    public int classes() {
        return classes;
    }

    /**
     * Number of features d.
     *
     * @return number of features d
     */
    public int features() {
        return features;
    }

    /**
     * Number of rows touched since the last {@link #clear()}.
     *
     * @return number of rows touched since the last {@link #clear()}
     */
    public int rowCount() {
        return count;
    }

    /**
     * The class id of the i-th touched row.
     *
     * @param i index of a touched row, in [0, rowCount())
     * @return the class id of the i-th touched row
     */
    public int rowId(int i) {
        checkRow(i);
        return ids[i];
    }

    /**
     * Element j of the i-th touched row of dW.
     *
     * @param i index of a touched row, in [0, rowCount())
     * @param j a feature, in [0, features)
     * @return dW of the i-th touched row at feature j
     */
    public float weight(int i, int j) {
        checkRow(i);
        if (j < 0 || j >= features) {
            throw new IndexOutOfBoundsException("feature " + j + " outside [0, " + features + ")");
        }
        return rows[i * features + j];
    }

    /**
     * The bias gradient of the i-th touched row.
     *
     * @param i index of a touched row, in [0, rowCount())
     * @return the bias gradient of the i-th touched row
     */
    public float bias(int i) {
        checkRow(i);
        return bias[i];
    }

    /** Forgets every touched row in O(touched). */
    public void clear() {
        count = 0;
        if (++current == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            current = 1;
        }
    }

    /**
     * Row k of the gradient += a·x[xOffset, xOffset + features) (one fused multiply-add per entry), creating the
     * row at zero on its first touch since {@link #clear()}. The row layout is general: sparse-input SGD uses one
     * row per feature of Wᵀ (rows = features, row length = classes).
     *
     * @param k       the row, in [0, classes)
     * @param a       the factor
     * @param x       the values added, {@code features} floats at {@code xOffset}
     * @param xOffset index in {@code x} of the first value
     */
    public void addScaled(int k, float a, float[] x, int xOffset) {
        Checks.index("k", k, classes);
        Checks.slice("x", x, xOffset, features);
        int at = rowOffset(k);
        KERNELS.axpy(a, x, xOffset, rows, at, features);
    }

    /** Returns the offset in {@link #rowsArray()} of class k's row, creating a zero row on first touch. */
    int rowOffset(int k) {
        if (stamp[k] != current) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                rows = Arrays.copyOf(rows, count * 2 * features);
                bias = Arrays.copyOf(bias, count * 2);
            }
            stamp[k] = current;
            slot[k] = count;
            ids[count] = k;
            Arrays.fill(rows, count * features, (count + 1) * features, 0f);
            bias[count] = 0f;
            count++;
        }
        return slot[k] * features;
    }

    float[] rowsArray() {
        return rows;
    }

    void addBias(int k, float value) {
        bias[rowOffset(k) / features] += value;
    }

    /**
     * Plain SGD on the touched rows: W[k] −= learningRate·dW[k], b[k] −= learningRate·db[k] (b may be null).
     * W is {@code classes × features} at {@code wOffset}.
     *
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}, updated in place
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset} updated in place, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param learningRate the learning rate η (finite, &gt; 0)
     */
    public void applySgd(float[] w, int wOffset, float[] b, int bOffset, float learningRate) {
        checkModel(w, wOffset, b, bOffset);
        for (int i = 0; i < count; i++) {
            KERNELS.axpy(-learningRate, rows, i * features, w, wOffset + ids[i] * features, features);
            if (b != null) {
                b[bOffset + ids[i]] -= learningRate * bias[i];
            }
        }
    }

    /**
     * One step of SGD with momentum for {@link #applyMomentum}: the learning rate η, the momentum μ, classical or
     * Nesterov, and the L2 weight decay λ. Immutable.
     */
    public static final class Momentum {
        private final float learningRate;
        private final float momentum;
        private final boolean nesterov;
        private final float weightDecay;

        private Momentum(float learningRate, float momentum, boolean nesterov, float weightDecay) {
            if (!(learningRate > 0f && learningRate <= Float.MAX_VALUE)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, but was " + learningRate);
            }
            if (!(momentum >= 0f && momentum < 1f)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), but was " + momentum);
            }
            this.learningRate = learningRate;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.weightDecay = Checks.finiteNonNegative("weightDecay", weightDecay);
        }

        /**
         * The learning rate η.
         *
         * @return η
         */
        public float learningRate() {
            return learningRate;
        }

        /**
         * The momentum μ.
         *
         * @return μ
         */
        public float momentum() {
            return momentum;
        }

        /**
         * Whether the step is Nesterov's.
         *
         * @return true for Nesterov momentum
         */
        public boolean nesterov() {
            return nesterov;
        }

        /**
         * The weight decay λ added to the gradient of the weights (not the bias).
         *
         * @return λ
         */
        public float weightDecay() {
            return weightDecay;
        }

        /**
         * Classical momentum: v ← μ·v + g, W ← W − η·v; no weight decay.
         *
         * @param learningRate the learning rate η (finite, &gt; 0)
         * @param momentum the momentum μ in [0, 1)
         * @return the step
         */
        public static Momentum classical(float learningRate, float momentum) {
            return new Momentum(learningRate, momentum, false, 0f);
        }

        /**
         * Nesterov momentum: v ← μ·v + g, W ← W − η·(g + μ·v); no weight decay.
         *
         * @param learningRate the learning rate η (finite, &gt; 0)
         * @param momentum the momentum μ in [0, 1)
         * @return the step
         */
        public static Momentum nesterov(float learningRate, float momentum) {
            return new Momentum(learningRate, momentum, true, 0f);
        }

        /**
         * Returns this step with L2 weight decay λ (finite, ≥ 0) added to the weight gradient.
         *
         * @param lambda the weight decay λ (finite, ≥ 0)
         * @return the new options
         */
        public Momentum withWeightDecay(float lambda) {
            return new Momentum(learningRate, momentum, nesterov, lambda);
        }
    }

    /**
     * SGD with momentum and L2 weight decay on the touched rows only, in PyTorch's form:
     * g = dW[k] + λ·W[k] (the bias is not decayed), v[k] ← μ·v[k] + g, W[k] ← W[k] − η·(Nesterov ? g + μ·v[k] :
     * v[k]). Rows without a gradient in this step keep their weights and their velocity (TensorFlow's sparse
     * momentum), so a step costs O(rows touched · d). {@code velocity} at {@code velocityOffset} has the layout
     * of W (classes × features); {@code biasVelocity} at {@code biasVelocityOffset} has K entries and is used
     * (and required) when b is not null. W, b and the velocities are updated in place and must not overlap
     * each other.
     *
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}, updated in place
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset} updated in place, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param velocity the weight velocities, {@code classes × features} at {@code velocityOffset}, updated in place
     * @param velocityOffset index in {@code velocity} of the first class's first velocity
     * @param biasVelocity the bias velocities, {@code classes} floats at {@code biasVelocityOffset} (used when b is
     * not null)
     * @param biasVelocityOffset index in {@code biasVelocity} of class 0's velocity
     * @param step the learning rate, momentum and weight decay of this step
     */
    public void applyMomentum(float[] w, int wOffset, float[] b, int bOffset, float[] velocity, int velocityOffset,
                              float[] biasVelocity, int biasVelocityOffset, Momentum step) {
        Checks.notNull("step", step);
        checkModel(w, wOffset, b, bOffset);
        long size = (long) classes * features;
        Checks.slice("velocity", velocity, velocityOffset, size);
        Checks.disjoint("velocity", velocity, velocityOffset, size, "w", w, wOffset, size);
        Checks.disjoint("velocity", velocity, velocityOffset, size, "b", b, bOffset, classes);
        if (b != null) {
            Checks.slice("biasVelocity", biasVelocity, biasVelocityOffset, classes);
            Checks.disjoint("biasVelocity", biasVelocity, biasVelocityOffset, classes, "w", w, wOffset, size);
            Checks.disjoint("biasVelocity", biasVelocity, biasVelocityOffset, classes, "b", b, bOffset, classes);
            Checks.disjoint("biasVelocity", biasVelocity, biasVelocityOffset, classes, "velocity", velocity,
                    velocityOffset, size);
        }
        float learningRate = step.learningRate;
        float momentum = step.momentum;
        boolean nesterov = step.nesterov;
        float weightDecay = step.weightDecay;
        for (int i = 0; i < count; i++) {
            int k = ids[i];
            int row = i * features;
            int wk = wOffset + k * features;
            int vk = velocityOffset + k * features;
            for (int j = 0; j < features; j++) {
                float g = rows[row + j] + weightDecay * w[wk + j];
                float v = momentum * velocity[vk + j] + g;
                velocity[vk + j] = v;
                w[wk + j] -= learningRate * (nesterov ? g + momentum * v : v);
            }
            if (b != null) {
                float v = momentum * biasVelocity[biasVelocityOffset + k] + bias[i];
                biasVelocity[biasVelocityOffset + k] = v;
                b[bOffset + k] -= learningRate * (nesterov ? bias[i] + momentum * v : v);
            }
        }
    }

    private void checkModel(float[] w, int wOffset, float[] b, int bOffset) {
        long size = (long) classes * features;
        Checks.slice("w", w, wOffset, size);
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
            Checks.disjoint("b", b, bOffset, classes, "w", w, wOffset, size);
        }
    }
    private void checkRow(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("row " + i + " outside [0, " + count + ")");
        }
    }
}
