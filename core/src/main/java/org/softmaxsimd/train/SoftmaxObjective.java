package org.softmaxsimd.train;

import java.util.Objects;


/**
 * The softmax-regression objective of a model shape on a dataset:
 * J(θ) = −(1/m) Σ_i log p(y⁽ⁱ⁾|x⁽ⁱ⁾) + (λ/2)‖θ‖² (weights only: the bias is not penalised), and its gradient
 * ∇θ_k = −(1/m) Σ_i x⁽ⁱ⁾(1{y⁽ⁱ⁾=k} − p_k) + λθ_k, ∇b_k = −(1/m) Σ_i (1{y⁽ⁱ⁾=k} − p_k).
 *
 * <p>Parameters are stored and evaluated in float32 ({@link #roundToStorage}); the pivot class, if any, is
 * pinned at 0 and gets a zero gradient. Examples are cut into chunks of {@value #CHUNK_ROWS} rows; chunk
 * partial sums (float kernels inside a chunk) are added in float64 into at most {@value #MAX_GROUPS} groups of
 * consecutive chunks, and the groups into the result in group order. The cut depends only on m, never on the
 * thread count, so J and ∇J are bitwise identical for any number of threads (the arithmetic is
 * {@link ObjectiveGroups}', which distributed evaluators share), from the first call: the kernels add vector
 * lanes in a fixed order, so interpreted and compiled kernels give the same bits.
 * J and ∇J agree with a float64 evaluation to about 1e-6 relative.
 *
 * <p>Memory: {@code min(32, ⌈m/256⌉)} float64 copies of the parameters plus, per thread, one float copy and
 * two 256×K logit blocks. Not thread-safe: one evaluation at a time. {@link #close()} stops the worker threads.
 */
public final class SoftmaxObjective implements Objective, AutoCloseable {

    /** Rows per chunk: the unit of work and of float accumulation. */
    public static final int CHUNK_ROWS = ObjectiveGroups.CHUNK_ROWS;
    /** The most groups (and so the most threads that can work at once). */
    public static final int MAX_GROUPS = ObjectiveGroups.MAX_GROUPS;

    private final Dataset data;
    /** The model whose shape this is (its parameters are not used). */
    private final SoftmaxRegression shape;
    private final int features;
    private final double lambda;
    private final int dimension;
    private final float[] parameters;
    private final ObjectiveGroups.Partial[] partials;
    private final ObjectiveGroups.Partial total;
    private double lastAccuracy = Double.NaN;
    private final ObjectiveGroups.Evaluator[] evaluators;
    private final GroupPool pool;

    /**
     * The objective of {@code model}'s shape (classes, features, bias, pivot) on {@code data}.
     *
     * @param model the model whose shape (and, for parametersOf, whose parameters) are used
     * @param data the training examples (labels in [0, classes))
     * @param lambda  λ ≥ 0, finite
     * @param threads worker threads, ≥ 1 (1: the calling thread does all the work)
     * @throws IllegalArgumentException on a feature-count mismatch, a label outside [0, K), an empty dataset,
     *                                  a bad λ or thread count
     */
    public SoftmaxObjective(SoftmaxRegression model, Dataset data, double lambda, int threads) {
        Objects.requireNonNull(model, "model");
        model.checkFeatures(data);
        if (data.rows() == 0) {
            throw new IllegalArgumentException("data must have at least one row");
        }
        data.checkLabels(model.classes());
        ObjectiveGroups.checkLambdaAndThreads(lambda, threads);
        this.data = data;
        this.shape = model;
        this.features = model.features();
        this.lambda = lambda;
        this.dimension = model.parameters().length;
        this.parameters = new float[dimension];
        int groups = ObjectiveGroups.groups(data.rows());
        this.partials = new ObjectiveGroups.Partial[groups];
        for (int g = 0; g < groups; g++) {
            partials[g] = new ObjectiveGroups.Partial(dimension);
        }
        this.total = new ObjectiveGroups.Partial(dimension);
        int workers = Math.min(threads, groups);
        this.evaluators = new ObjectiveGroups.Evaluator[workers];
        for (int t = 0; t < workers; t++) {
            evaluators[t] = new ObjectiveGroups.Evaluator(model);
        }
        this.pool = new GroupPool(workers);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * The parameters of {@code model} as the double vector this objective takes.
     *
     * @param model the model whose shape (and, for parametersOf, whose parameters) are used
     * @return the model's parameters as a float64 vector of length {@link #dimension()}
     */
    public double[] parametersOf(SoftmaxRegression model) {
        float[] p = model.parameters();
        if (p.length != dimension) {
            throw new IllegalArgumentException("model has " + p.length + " parameters, the objective " + dimension);
        }
        double[] x = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = p[j];
        }
        return x;
    }

    /**
     * Writes {@code x} (rounded to float) into the parameters of {@code model}.
     *
     * @param x the parameter vector, of length {@link #dimension()}
     * @param model the model whose shape (and, for parametersOf, whose parameters) are used
     */
    public void copyInto(double[] x, SoftmaxRegression model) {
        checkLength("x", x);
        float[] p = model.parameters();
        if (p.length != dimension) {
            throw new IllegalArgumentException("model has " + p.length + " parameters, the objective " + dimension);
        }
        for (int j = 0; j < dimension; j++) {
            p[j] = (float) x[j];
        }
        shape.clearPivot(p);
    }

    @Override
    public void roundToStorage(double[] x) {
        checkLength("x", x);
        for (int j = 0; j < dimension; j++) {
            x[j] = (float) x[j];
        }
        shape.clearPivot(x);
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
        checkLength("x", x);
        checkLength("gradient", gradient);
        ObjectiveGroups.toStorage(shape, x, parameters);
        runGroups();
        total.clear();
        for (ObjectiveGroups.Partial partial : partials) {
            partial.addTo(total);
        }
        lastAccuracy = (double) total.correct() / data.rows();
        double value = ObjectiveGroups.finish(shape, parameters, lambda, total);
        System.arraycopy(total.gradient(), 0, gradient, 0, dimension);
        return value;
    }

    private void runGroups() {
        pool.run(partials.length, (g, worker) -> computeGroup(g, evaluators[worker]));
    }

    /** Group g: rows [firstRow(g), firstRow(g + 1)), a split that depends on m only. */
    private void computeGroup(int g, ObjectiveGroups.Evaluator evaluator) {
        int first = (int) ObjectiveGroups.firstRow(g, data.rows());
        int end = (int) ObjectiveGroups.firstRow(g + 1, data.rows());
        evaluator.evaluate(parameters, data.x(), first * features, data.labels(), first, end - first, partials[g]);
    }

    /** The training accuracy at the last evaluated point (NaN before the first evaluation). */
    @Override
    public double lastAccuracy() {
        return lastAccuracy;
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
