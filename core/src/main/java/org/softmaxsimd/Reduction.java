package org.softmaxsimd;

/**
 * How a loss over several rows (or elements) is combined into one number, for {@link CrossEntropy} and
 * {@link Logistic}. The gradient that a fused method writes is always the gradient of the reduced value.
 */
public enum Reduction {
    /**
     * The weighted mean: the sum divided by the total weight of the counted rows (the row count when rows
     * are unweighted). Zero counted rows give NaN (0/0), as PyTorch does.
     */
    MEAN,
    /** The plain sum; zero rows give 0. */
    SUM
}
