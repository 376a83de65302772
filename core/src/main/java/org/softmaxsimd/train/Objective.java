package org.softmaxsimd.train;

/**
 * A differentiable function to minimise, over parameters held as doubles by the optimizers.
 * Implementations may keep their own storage in lower precision: {@link #roundToStorage} then tells the
 * optimizers which point is really evaluated, so that their steps and curvature pairs are exact differences of
 * evaluated points.
 */
public interface Objective {

    /**
     * The number of parameters n.
     *
     * @return the number of parameters n
     */
    int dimension();

    /**
     * Returns f(x) and writes ∇f(x) into {@code gradient} (length n). Must not keep references to the arrays.
     *
     * @param x the point, of length {@link #dimension()}
     * @param gradient receives ∇f(x), of length {@link #dimension()}
     * @return f(x)
     */
    double evaluate(double[] x, double[] gradient);

    /**
     * Rounds {@code x} in place to the nearest point the objective can represent (e.g. float32 storage, a
     * pinned pivot class). The default keeps x as it is.
     *
     * @param x the point, of length {@link #dimension()}
     */
    default void roundToStorage(double[] x) {
    }

    /**
     * The training accuracy at the point of the last {@link #evaluate} call, if the objective sees its
     * predictions (NaN otherwise, the default).
     *
     * @return the training accuracy at the point of the last {@link #evaluate} call, if the objective sees its
     * predictions (NaN otherwise, the default)
     */
    default double lastAccuracy() {
        return Double.NaN;
    }
}
