package org.softmaxsimd.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.Reduction;
import org.softmaxsimd.internal.Predictions;

/**
 * The softmax-regression objective of a model shape on a dataset:
 * J(θ) = −(1/m) Σ_i log p(y⁽ⁱ⁾|x⁽ⁱ⁾) + (λ/2)‖θ‖² (weights only: the bias is not penalised), and its gradient
 * ∇θ_k = −(1/m) Σ_i x⁽ⁱ⁾(1{y⁽ⁱ⁾=k} − p_k) + λθ_k, ∇b_k = −(1/m) Σ_i (1{y⁽ⁱ⁾=k} − p_k).
 *
 * <p>Parameters are stored and evaluated in float32 ({@link #roundToStorage}); the pivot class, if any, is
 * pinned at 0 and gets a zero gradient. Examples are cut into chunks of {@value #CHUNK_ROWS} rows; chunk
 * partial sums (float kernels inside a chunk) are added in float64 into at most {@value #MAX_GROUPS} groups of
 * consecutive chunks, and the groups into the result in group order. The cut depends only on m, never on the
 * thread count, so J and ∇J are bitwise identical for any number of threads (with the caveat of
 * {@code README.md}: on JDK 23+ the kernels' lane reductions round differently before C2 compiles them).
 * J and ∇J agree with a float64 evaluation to about 1e-6 relative.
 *
 * <p>Memory: {@code min(32, ⌈m/256⌉)} float64 copies of the parameters plus, per thread, one float copy and
 * two 256×K logit blocks. Not thread-safe: one evaluation at a time. {@link #close()} stops the worker threads.
 */
public final class SoftmaxObjective implements Objective, AutoCloseable {

    /** Rows per chunk: the unit of work and of float accumulation. */
    public static final int CHUNK_ROWS = 256;
    /** The most groups (and so the most threads that can work at once). */
    public static final int MAX_GROUPS = 32;

    private final Dataset data;
    /** The model whose shape this is (its parameters are not used). */
    private final SoftmaxRegression shape;
    private final int classes;
    private final int features;
    private final boolean bias;
    private final double lambda;
    private final int dimension;
    private final float[] parameters;
    private final int chunks;
    private final double[][] groupGradient;
    private final double[] groupLoss;
    private final int[] groupCorrect;
    private double lastAccuracy = Double.NaN;
    private final Workspace[] workspaces;
    private final ExecutorService pool;

    /**
     * The objective of {@code model}'s shape (classes, features, bias, pivot) on {@code data}.
     *
     * @param lambda  λ ≥ 0, finite
     * @param threads worker threads, ≥ 1 (1: the calling thread does all the work)
     * @param model the model whose shape (and, for parametersOf, whose parameters) are used
     * @param data the training examples (labels in [0, classes))
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
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, but was " + lambda);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        this.data = data;
        this.shape = model;
        this.classes = model.classes();
        this.features = model.features();
        this.bias = model.hasBias();
        this.lambda = lambda;
        this.dimension = model.parameters().length;
        this.parameters = new float[dimension];
        this.chunks = (data.rows() + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int groups = Math.min(MAX_GROUPS, chunks);
        this.groupGradient = new double[groups][dimension];
        this.groupLoss = new double[groups];
        this.groupCorrect = new int[groups];
        int workers = Math.min(threads, groups);
        this.workspaces = new Workspace[workers];
        for (int t = 0; t < workers; t++) {
            workspaces[t] = new Workspace(classes, dimension);
        }
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "softmax-objective");
            thread.setDaemon(true);
            return thread;
        });
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
        for (int j = 0; j < dimension; j++) {
            parameters[j] = (float) x[j];
        }
        shape.clearPivot(parameters);
        runGroups();
        Arrays.fill(gradient, 0.0);
        double loss = 0;
        long correct = 0;
        for (int g = 0; g < groupGradient.length; g++) {
            loss += groupLoss[g];
            correct += groupCorrect[g];
            double[] partial = groupGradient[g];
            for (int j = 0; j < dimension; j++) {
                gradient[j] += partial[j];
            }
        }
        double inverseRows = 1.0 / data.rows();
        lastAccuracy = correct * inverseRows;
        double penalty = 0;
        int weights = classes * features;
        for (int j = 0; j < dimension; j++) {
            gradient[j] *= inverseRows;
        }
        for (int j = 0; j < weights; j++) {
            double w = parameters[j];
            penalty += w * w;
            gradient[j] += lambda * w;
        }
        shape.clearPivot(gradient);
        return loss * inverseRows + 0.5 * lambda * penalty;
    }

    private void runGroups() {
        if (pool == null) {
            for (int g = 0; g < groupGradient.length; g++) {
                computeGroup(g, workspaces[0]);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>(workspaces.length);
        for (Workspace workspace : workspaces) {
            tasks.add(() -> {
                for (int g; (g = next.getAndIncrement()) < groupGradient.length; ) {
                    computeGroup(g, workspace);
                }
                return null;
            });
        }
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating the objective", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Chunks [g·chunks/groups, (g+1)·chunks/groups): a split that depends on m only. */
    private void computeGroup(int g, Workspace ws) {
        int groups = groupGradient.length;
        int firstChunk = (int) ((long) g * chunks / groups);
        int endChunk = (int) ((long) (g + 1) * chunks / groups);
        double[] partial = groupGradient[g];
        Arrays.fill(partial, 0.0);
        double loss = 0;
        int correct = 0;
        float[] x = data.x();
        int weights = classes * features;
        for (int c = firstChunk; c < endChunk; c++) {
            int row = c * CHUNK_ROWS;
            int m = Math.min(CHUNK_ROWS, data.rows() - row);
            Linear.logitsRows(x, row * features, parameters, 0, bias ? parameters : null, weights, ws.logits, 0, m,
                    classes, features);
            correct += Predictions.countCorrect(ws.logits, m, classes, data.labels(), row);
            loss += CrossEntropy.lossAndGradientRows(ws.logits, 0, data.labels(), row, ws.dlogits, 0, m, classes,
                    SUM);
            Arrays.fill(ws.chunkGradient, 0f);
            Linear.accumulateGradient(ws.dlogits, 0, x, row * features, ws.chunkGradient, 0,
                    bias ? ws.chunkGradient : null, weights, m, classes, features, 1f);
            float[] chunkGradient = ws.chunkGradient;
            for (int j = 0; j < dimension; j++) {
                partial[j] += chunkGradient[j];
            }
        }
        groupLoss[g] = loss;
        groupCorrect[g] = correct;
    }

    /** The training accuracy at the last evaluated point (NaN before the first evaluation). */
    @Override
    public double lastAccuracy() {
        return lastAccuracy;
    }

    private static final CrossEntropy.Options SUM =
            CrossEntropy.Options.defaults().withReduction(Reduction.SUM);

    private void checkLength(String name, double[] array) {
        Objects.requireNonNull(array, name);
        if (array.length != dimension) {
            throw new IllegalArgumentException(name + ".length (" + array.length + ") must be " + dimension);
        }
    }

    /** Stops the worker threads (idempotent). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Per-thread scratch. */
    private static final class Workspace {
        final float[] logits;
        final float[] dlogits;
        final float[] chunkGradient;

        Workspace(int classes, int dimension) {
            logits = new float[CHUNK_ROWS * classes];
            dlogits = new float[CHUNK_ROWS * classes];
            chunkGradient = new float[dimension];
        }
    }
}
