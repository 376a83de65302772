package org.softmaxsimd.sampled;

import java.util.Arrays;

import org.softmaxsimd.internal.Checks;

/**
 * The gradient of a transposed weight matrix Wᵀ ({@code features × classes}) and a bias that is non-zero only on
 * a block: the features of a batch's sparse rows × the classes of its candidates. This is what sampled softmax
 * on sparse inputs produces ({@link SparseSampledSoftmax}); a step ({@link #applySgd}, {@link #applyMomentum})
 * touches only the block, O(features touched · classes touched), whatever d and K. Reusable; not thread-safe.
 */
public final class BlockGradient {
    private final int classes;
    private final int features;
    private int[] featureIds = new int[0];
    private int[] classIds = new int[0];
    private float[] values = new float[0];
    private float[] bias = new float[0];

    /**
     * An empty gradient of a {@code features × classes} Wᵀ and a bias of {@code classes}.
     *
     * @param classes  the class count K (≥ 1)
     * @param features the feature count d (≥ 1)
     */
    public BlockGradient(int classes, int features) {
        this.classes = Checks.atLeast("classes", classes, 1);
        this.features = Checks.atLeast("features", features, 1);
    }

    int classesOf() {
        return classes;
    }

    int featuresOf() {
        return features;
    }

    /** Makes the block featureIds × classIds (both ascending, distinct) with every entry 0. */
    void reset(int[] featureIds, int[] classIds) {
        this.featureIds = featureIds;
        this.classIds = classIds;
        int size = featureIds.length * classIds.length;
        if (values.length < size) {
            values = new float[size];
        }
        Arrays.fill(values, 0, size, 0f);
        if (bias.length < classIds.length) {
            bias = new float[classIds.length];
        }
        Arrays.fill(bias, 0, classIds.length, 0f);
    }

    float[] valuesArray() {
        return values;
    }

    float[] biasArray() {
        return bias;
    }

    /**
     * The number of features in the block.
     *
     * @return the block's feature count
     */
    public int featureCount() {
        return featureIds.length;
    }

    /**
     * The number of classes in the block.
     *
     * @return the block's class count
     */
    public int classCount() {
        return classIds.length;
    }

    /**
     * The feature of block row i.
     *
     * @param i the block row, in [0, featureCount())
     * @return its feature id (ascending in i)
     */
    public int featureId(int i) {
        return featureIds[Checks.index("i", i, featureIds.length)];
    }

    /**
     * The class of block column c.
     *
     * @param c the block column, in [0, classCount())
     * @return its class id (ascending in c)
     */
    public int classId(int c) {
        return classIds[Checks.index("c", c, classIds.length)];
    }

    /**
     * ∂loss/∂Wᵀ[featureId(i)][classId(c)].
     *
     * @param i the block row
     * @param c the block column
     * @return the gradient entry
     */
    public float weight(int i, int c) {
        Checks.index("i", i, featureIds.length);
        return values[i * classIds.length + Checks.index("c", c, classIds.length)];
    }

    /**
     * ∂loss/∂b[classId(c)].
     *
     * @param c the block column
     * @return the bias gradient entry
     */
    public float bias(int c) {
        return bias[Checks.index("c", c, classIds.length)];
    }

    /**
     * Wᵀ[f][k] −= η·(g + λ·Wᵀ[f][k]) and b[k] −= η·g_b over the block only (the bias is not decayed).
     *
     * @param wt           Wᵀ, {@code features × classes} at {@code wtOffset}, updated in place
     * @param wtOffset     index in {@code wt} of Wᵀ[0][0]
     * @param b            the bias, {@code classes} at {@code bOffset}, updated in place, or null for none
     * @param bOffset      index in {@code b} of the first bias entry
     * @param learningRate η
     * @param weightDecay  λ (≥ 0)
     */
    public void applySgd(float[] wt, int wtOffset, float[] b, int bOffset, float learningRate, float weightDecay) {
        applyMomentum(wt, wtOffset, b, bOffset, null, 0, null, 0,
                SparseRowGradient.Momentum.classical(learningRate, 0f).withWeightDecay(weightDecay));
    }

    /**
     * The momentum step of {@link SparseRowGradient#applyMomentum} on the block's entries only: g = ∇ + λ·w,
     * v ← μ·v + g, w −= η·v (classical) or η·(g + μ·v) (Nesterov); the bias likewise without decay. With
     * velocity null, μ must be 0 (plain SGD).
     *
     * @param wt                 Wᵀ, {@code features × classes} at {@code wtOffset}, updated in place
     * @param wtOffset           index in {@code wt} of Wᵀ[0][0]
     * @param b                  the bias at {@code bOffset}, or null for none
     * @param bOffset            index in {@code b} of the first bias entry
     * @param velocity           Wᵀ-shaped velocities at {@code velocityOffset}, or null (μ = 0)
     * @param velocityOffset     index in {@code velocity} of the first one
     * @param biasVelocity       the bias velocities at {@code biasVelocityOffset}, or null
     * @param biasVelocityOffset index in {@code biasVelocity} of class 0's
     * @param step               the learning rate, momentum and weight decay
     */
    public void applyMomentum(float[] wt, int wtOffset, float[] b, int bOffset, float[] velocity, int velocityOffset,
                              float[] biasVelocity, int biasVelocityOffset, SparseRowGradient.Momentum step) {
        Checks.notNull("step", step);
        long size = (long) classes * features;
        Checks.slice("wt", wt, wtOffset, size);
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
            Checks.disjoint("b", b, bOffset, classes, "wt", wt, wtOffset, size);
        }
        if (velocity == null && step.momentum() != 0f) {
            throw new IllegalArgumentException("a momentum of " + step.momentum() + " needs velocities");
        }
        if (velocity != null) {
            Checks.slice("velocity", velocity, velocityOffset, size);
            Checks.disjoint("velocity", velocity, velocityOffset, size, "wt", wt, wtOffset, size);
            if (b != null) {
                Checks.slice("biasVelocity", biasVelocity, biasVelocityOffset, classes);
                Checks.disjoint("biasVelocity", biasVelocity, biasVelocityOffset, classes, "b", b, bOffset, classes);
            }
        }
        float eta = step.learningRate();
        float mu = step.momentum();
        float lambda = step.weightDecay();
        boolean nesterov = step.nesterov();
        int width = classIds.length;
        for (int i = 0; i < featureIds.length; i++) {
            int row = featureIds[i] * classes;
            for (int c = 0; c < width; c++) {
                int at = row + classIds[c];
                float g = values[i * width + c] + lambda * wt[wtOffset + at];
                wt[wtOffset + at] -= eta * (velocity == null ? g : momentumStep(velocity, velocityOffset + at, g, mu,
                        nesterov));
            }
        }
        if (b != null) {
            for (int c = 0; c < width; c++) {
                float g = bias[c];
                b[bOffset + classIds[c]] -= eta * (velocity == null ? g : momentumStep(biasVelocity,
                        biasVelocityOffset + classIds[c], g, mu, nesterov));
            }
        }
    }

    private static float momentumStep(float[] velocity, int at, float g, float mu, boolean nesterov) {
        float v = mu * velocity[at] + g;
        velocity[at] = v;
        return nesterov ? g + mu * v : v;
    }
}
