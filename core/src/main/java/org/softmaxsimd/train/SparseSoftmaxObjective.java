package org.softmaxsimd.train;

import java.util.Objects;


/**
 * The softmax-regression objective of {@link SoftmaxObjective} on CSR examples ({@link SparseDataset}), for
 * feature counts that a dense {@code float[]} cannot hold: the same J(θ) and ∇J, computed over the non-zeros only
 * ({@link org.softmaxsimd.SparseLinear}), with the weights stored transposed. Its parameter vector is Wᵀ ({@code features ×
 * classes} row-major), then the bias (K, if the model has one): {@link #parametersOf} and {@link #copyInto}
 * convert from and to the K × d layout of {@link SoftmaxRegression}.
 *
 * <p>The determinism rules are the dense objective's ({@link ObjectiveGroups}): chunks of 256 rows, float sums
 * inside a chunk, float64 group sums in group order, a cut that depends on m only, so J and ∇J are bitwise
 * identical for any thread count, from the first call. Dense and CSR evaluations of the same data agree to the
 * float32 rounding of their different summation orders (about 1e-6 relative). A model with a pivot class is not
 * supported here (the pivot is a column of Wᵀ). Memory and time per evaluation: each group keeps float64 sums
 * only for the Wᵀ rows of the features its rows use (and each thread float scratch of the largest group's), so
 * beyond the O(nnz·K) arithmetic an evaluation costs O(d·K) only for the parameter vector, its gradient and
 * the penalty.
 */
public final class SparseSoftmaxObjective implements Objective, AutoCloseable {


    private final SparseDataset data;
    private final SoftmaxRegression shape;
    private final int classes;
    private final int features;
    private final double lambda;
    private final int dimension;
    private final float[] parameters;
    /** The groups' rows (views of the dataset) and the Wᵀ rows each touches. */
    private final SparseGroup[] groups;
    /** Per group: its sums over its own rows only: the touched Wᵀ rows (slot-major), then the bias. */
    private final ObjectiveGroups.Partial[] partials;
    private final ObjectiveGroups.Partial total;
    private final ObjectiveGroups.Evaluator[] evaluators;
    private final GroupPool pool;
    private double lastAccuracy = Double.NaN;

    /**
     * The objective of {@code model}'s shape on {@code data}.
     *
     * @param model   the model whose shape (classes, features, bias) is used; it must not have a pivot class
     * @param data    the training examples (labels in [0, classes))
     * @param lambda  λ ≥ 0, finite
     * @param threads worker threads, ≥ 1
     * @throws IllegalArgumentException on a feature-count mismatch, a label outside [0, K), an empty dataset, a
     *                                  pivot class, a bad λ or thread count
     */
    public SparseSoftmaxObjective(SoftmaxRegression model, SparseDataset data, double lambda, int threads) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (model.hasPivot()) {
            throw new IllegalArgumentException("the sparse objective does not support a pivot class");
        }
        if (data.features() != model.features()) {
            throw new IllegalArgumentException("data has " + data.features() + " features, the model "
                    + model.features());
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("data must have at least one row");
        }
        data.checkLabels(model.classes());
        ObjectiveGroups.checkLambdaAndThreads(lambda, threads);
        this.data = data;
        this.shape = model;
        this.classes = model.classes();
        this.features = model.features();
        this.lambda = lambda;
        this.dimension = model.parameters().length;
        this.parameters = new float[dimension];
        int groupCount = ObjectiveGroups.groups(data.rows());
        this.groups = new SparseGroup[groupCount];
        this.partials = new ObjectiveGroups.Partial[groupCount];
        // One slot array for all groups: each writes the slots of its own non-zero positions.
        int[] slotOf = new int[data.nonZeros()];
        int scratch = 1;
        for (int g = 0; g < groupCount; g++) {
            int first = (int) ObjectiveGroups.firstRow(g, data.rows());
            int end = (int) ObjectiveGroups.firstRow(g + 1, data.rows());
            groups[g] = SparseGroup.of(data.rowStart(), first, end - first, data.index(), data.value(), data.labels(),
                    first, null, 0, features, slotOf);
            scratch = Math.max(scratch, groups[g].scratchFloats(classes));
            partials[g] = new ObjectiveGroups.Partial(groups[g].partialDimension(classes));
        }
        this.total = new ObjectiveGroups.Partial(dimension);
        int workers = Math.min(threads, groupCount);
        this.evaluators = new ObjectiveGroups.Evaluator[workers];
        for (int t = 0; t < workers; t++) {
            evaluators[t] = new ObjectiveGroups.Evaluator(model, scratch);
        }
        this.pool = new GroupPool(workers);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * The parameters of {@code model} (K × d weights, then the bias) as this objective's vector (Wᵀ, then the
     * bias), in float64.
     *
     * @param model a model of this objective's shape
     * @return the parameter vector, of length {@link #dimension()}
     */
    public double[] parametersOf(SoftmaxRegression model) {
        float[] p = checkShape(model).parameters();
        double[] x = new double[dimension];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                x[j * classes + k] = p[k * features + j];
            }
        }
        for (int i = classes * features; i < dimension; i++) {
            x[i] = p[i];
        }
        return x;
    }

    /**
     * Writes {@code x} (this objective's layout, rounded to float) into the K × d parameters of {@code model}.
     *
     * @param x     the parameter vector, of length {@link #dimension()}
     * @param model a model of this objective's shape
     */
    public void copyInto(double[] x, SoftmaxRegression model) {
        checkLength("x", x);
        float[] p = checkShape(model).parameters();
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                p[k * features + j] = (float) x[j * classes + k];
            }
        }
        for (int i = classes * features; i < dimension; i++) {
            p[i] = (float) x[i];
        }
    }

    @Override
    public void roundToStorage(double[] x) {
        checkLength("x", x);
        for (int j = 0; j < dimension; j++) {
            x[j] = (float) x[j];
        }
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
        checkLength("x", x);
        checkLength("gradient", gradient);
        ObjectiveGroups.toStorage(shape, x, parameters);
        pool.run(partials.length, (g, worker) -> groups[g].evaluate(evaluators[worker], parameters, partials[g]));
        total.clear();
        for (int g = 0; g < partials.length; g++) {
            groups[g].addTo(partials[g], total, classes, shape.hasBias());
        }
        lastAccuracy = (double) total.correct() / data.rows();
        double value = ObjectiveGroups.finish(shape, parameters, lambda, total);
        System.arraycopy(total.gradient(), 0, gradient, 0, dimension);
        return value;
    }

    /** The training accuracy at the last evaluated point (NaN before the first evaluation). */
    @Override
    public double lastAccuracy() {
        return lastAccuracy;
    }

    private SoftmaxRegression checkShape(SoftmaxRegression model) {
        Objects.requireNonNull(model, "model");
        if (model.classes() != classes || model.features() != features || model.parameters().length != dimension) {
            throw new IllegalArgumentException("model has shape " + model.classes() + " × " + model.features() + " ("
                    + model.parameters().length + " parameters), the objective " + classes + " × " + features + " ("
                    + dimension + ")");
        }
        return model;
    }

    private void checkLength(String name, double[] array) {
        ObjectiveGroups.checkLength(name, array, dimension);
    }

    /** Stops the worker threads (idempotent). */
    @Override
    public void close() {
        pool.close();
    }
}
