package org.softmaxsimd.train;

import java.util.Arrays;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.Reduction;
import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.Predictions;

/**
 * The arithmetic of {@link SoftmaxObjective}, for evaluators that hold the examples elsewhere (threads of one
 * JVM, or executors of a cluster): the fixed cut of m examples into groups, the partial sums of one group, and
 * the assembly of J and ∇J from the groups' partial sums. Whoever follows it gets bitwise the result of
 * {@link SoftmaxObjective}, whatever the number of threads, tasks or partitions.
 *
 * <p>The cut: rows are cut into chunks of {@value #CHUNK_ROWS} (the last one shorter); chunk c belongs to group
 * g when {@code g·chunks/groups ≤ c < (g+1)·chunks/groups}, with {@code groups = min(}{@value #MAX_GROUPS}{@code ,
 * chunks)}, so a group is a range of consecutive rows ({@link #firstRow}) that depends on m only. Inside a
 * chunk the kernels sum in float32; the chunk sums are added into the group's {@link Partial} in float64 in
 * chunk order; the partials are added into the result in group order ({@link Partial#addTo}), then
 * {@link #finish} divides by m and adds the penalty.
 */
public final class ObjectiveGroups {

    /** Rows per chunk: the unit of float32 accumulation. */
    public static final int CHUNK_ROWS = 256;
    /** The most groups: the most evaluators that can work at once. */
    public static final int MAX_GROUPS = 32;

    private static final CrossEntropy.Options SUM = CrossEntropy.Options.defaults().withReduction(Reduction.SUM);

    private ObjectiveGroups() {
    }

    /**
     * The number of chunks of m rows.
     *
     * @param rows the number of examples m (≥ 1)
     * @return ⌈m / 256⌉
     */
    public static long chunks(long rows) {
        checkRows(rows);
        return (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
    }

    /**
     * The number of groups of m rows.
     *
     * @param rows the number of examples m (≥ 1)
     * @return {@code min(32, chunks(m))}
     */
    public static int groups(long rows) {
        return (int) Math.min(MAX_GROUPS, chunks(rows));
    }

    /**
     * The first row of group g; group g holds the rows {@code [firstRow(g, m), firstRow(g + 1, m))}, and
     * {@code firstRow(groups(m), m) = m}.
     *
     * @param group the group, in [0, groups(m)]
     * @param rows  the number of examples m (≥ 1)
     * @return the index of the group's first row
     */
    public static long firstRow(int group, long rows) {
        int groups = groups(rows);
        if (group < 0 || group > groups) {
            throw new IllegalArgumentException("group must be in [0, " + groups + "], but was " + group);
        }
        long firstChunk = group * chunks(rows) / groups;
        return Math.min(rows, firstChunk * CHUNK_ROWS);
    }

    /**
     * The group that holds row {@code row} of m.
     *
     * @param row  the row, in [0, m)
     * @param rows the number of examples m (≥ 1)
     * @return the g with {@code firstRow(g, m) ≤ row < firstRow(g + 1, m)}
     */
    public static int groupOf(long row, long rows) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row must be in [0, " + rows + "), but was " + row);
        }
        int groups = groups(rows);
        int g = (int) (row / CHUNK_ROWS * groups / chunks(rows));
        while (firstRow(g + 1, rows) <= row) {
            g++;
        }
        while (firstRow(g, rows) > row) {
            g--;
        }
        return g;
    }

    /**
     * The float32 parameters at which the objective is evaluated: x rounded to float, the pivot class (if
     * any) cleared.
     *
     * @param shape      the model whose shape (classes, features, bias, pivot) is used
     * @param x          the parameter vector, {@code shape.parameters().length} long
     * @param parameters receives the float32 parameters, as long as x
     */
    public static void toStorage(SoftmaxRegression shape, double[] x, float[] parameters) {
        Checks.notNull("shape", shape);
        if (Checks.notNull("x", x).length != shape.parameters().length
                || Checks.notNull("parameters", parameters).length != x.length) {
            throw new IllegalArgumentException("x and parameters must hold " + shape.parameters().length
                    + " values, but hold " + x.length + " and " + parameters.length);
        }
        for (int j = 0; j < x.length; j++) {
            parameters[j] = (float) x[j];
        }
        shape.clearPivot(parameters);
    }

    /**
     * Assembles J and ∇J from the sum of the groups' partials: divides by the total weight (m without row
     * weights), adds (λ/2)‖W‖² and λW (the bias is not penalised), and clears the pivot's gradient.
     *
     * @param shape      the model whose shape is used
     * @param parameters the float32 parameters the partials were computed at
     * @param lambda     λ (finite, ≥ 0)
     * @param total      the sum of every group's partial, in group order; its gradient becomes ∇J in place
     * @return J at the parameters
     * @throws IllegalArgumentException if the total weight is not positive
     */
    public static double finish(SoftmaxRegression shape, float[] parameters, double lambda, Partial total) {
        Checks.notNull("shape", shape);
        Checks.finiteNonNegative("lambda", lambda);
        if (!(total.weight > 0)) {
            throw new IllegalArgumentException("the rows' total weight must be > 0, but was " + total.weight);
        }
        double[] gradient = total.gradient;
        double inverseRows = 1.0 / total.weight;
        double penalty = 0;
        int weights = shape.weightCount();
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] *= inverseRows;
        }
        for (int j = 0; j < weights; j++) {
            double w = parameters[j];
            penalty += w * w;
            gradient[j] += lambda * w;
        }
        shape.clearPivot(gradient);
        return total.loss * inverseRows + 0.5 * lambda * penalty;
    }

    /** The objectives' common checks of λ and the thread count. */
    static void checkLambdaAndThreads(double lambda, int threads) {
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, but was " + lambda);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
    }

    /** Checks that a parameter or gradient vector has the objective's dimension. */
    static void checkLength(String name, double[] array, int dimension) {
        Checks.notNull(name, array);
        if (array.length != dimension) {
            throw new IllegalArgumentException(name + ".length (" + array.length + ") must be " + dimension);
        }
    }

    private static void checkRows(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, but was " + rows);
        }
    }

    /**
     * The partial sums of one group (or, after {@link #addTo}, of several): the summed cross-entropy, the
     * number of rows predicted right, and the summed gradient in float64. Serializable, so that a distributed
     * evaluator can send it back.
     */
    public static final class Partial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** The summed cross-entropy of the rows. */
        private double loss;
        /** The rows whose largest logit is the label. */
        private long correct;
        /** The summed row weights (the row count without weights). */
        private double weight;
        /** The summed gradient, one value per parameter. */
        private final double[] gradient;

        /**
         * Zero partial sums for parameter vectors of {@code dimension} values.
         *
         * @param dimension the number of parameters
         */
        public Partial(int dimension) {
            this.gradient = new double[Checks.atLeast("dimension", dimension, 1)];
        }

        /** Sets every sum to 0. */
        public void clear() {
            loss = 0;
            correct = 0;
            weight = 0;
            Arrays.fill(gradient, 0.0);
        }

        /** Adds the loss, the rows predicted right and the weight (not the gradient) to {@code total}. */
        void addSumsTo(Partial total) {
            total.loss += loss;
            total.correct += correct;
            total.weight += weight;
        }

        /**
         * Adds these sums to {@code total} (call it on the groups in group order).
         *
         * @param total the running total, of the same dimension
         */
        public void addTo(Partial total) {
            if (total.gradient.length != gradient.length) {
                throw new IllegalArgumentException("total has dimension " + total.gradient.length + ", this "
                        + gradient.length);
            }
            total.loss += loss;
            total.correct += correct;
            total.weight += weight;
            for (int j = 0; j < gradient.length; j++) {
                total.gradient[j] += gradient[j];
            }
        }

        /** @return the summed row weights (the number of rows without weights) */
        public double weight() {
            return weight;
        }

        /** @return the summed (weighted) cross-entropy −Σ w·log p(y|x) */
        public double loss() {
            return loss;
        }

        /** @return the number of rows whose largest logit is the label */
        public long correct() {
            return correct;
        }

        /** @return the summed gradient (the array itself, not a copy) */
        public double[] gradient() {
            return gradient;
        }
    }

    /**
     * Computes the {@link Partial} of one group with the kernels. Holds the scratch of one evaluation: one per
     * thread.
     */
    public static final class Evaluator {
        private final SoftmaxRegression shape;
        private final float[] logits;
        private final float[] dlogits;
        private final float[] chunkGradient;

        /**
         * An evaluator for models of this shape.
         *
         * @param shape the model whose shape (classes, features, bias) is used; its parameters are not
         */
        public Evaluator(SoftmaxRegression shape) {
            this(shape, Checks.notNull("shape", shape).parameters().length);
        }

        /**
         * An evaluator whose chunk-gradient scratch holds {@code scratch} floats: for sparse groups, the largest
         * {@link SparseGroup#scratchFloats} of the groups it evaluates.
         *
         * @param shape   the model whose shape (classes, features, bias) is used; its parameters are not
         * @param scratch floats of chunk-gradient scratch (≥ 1)
         */
        public Evaluator(SoftmaxRegression shape, int scratch) {
            this.shape = Checks.notNull("shape", shape);
            this.logits = new float[CHUNK_ROWS * shape.classes()];
            this.dlogits = new float[CHUNK_ROWS * shape.classes()];
            this.chunkGradient = new float[Checks.atLeast("scratch", scratch, 1)];
        }

        /** The model whose shape this evaluator computes. */
        SoftmaxRegression shape() {
            return shape;
        }

        /**
         * Overwrites {@code out} with the partial sums of one whole group: {@code rows} examples, cut into chunks
         * of 256 from the first. x is rows × features at xOffset, labels rows ints in [0, classes) (not checked
         * here: the caller has checked the dataset once).
         *
         * @param parameters   the float32 parameters ({@link #toStorage})
         * @param x            the group's examples, {@code rows × features} row-major at {@code xOffset}
         * @param xOffset      index in {@code x} of the group's first example
         * @param labels       the group's labels at {@code labelsOffset}
         * @param labelsOffset index in {@code labels} of the group's first label
         * @param rows         the group's row count
         * @param out          receives the group's partial sums
         */
        public void evaluate(float[] parameters, float[] x, int xOffset, int[] labels, int labelsOffset, int rows,
                             Partial out) {
            evaluate(parameters, x, xOffset, labels, labelsOffset, null, 0, rows, out);
        }

        /**
         * {@link #evaluate(float[], float[], int, int[], int, int, Partial)} with a weight per row (finite, ≥ 0,
         * not checked here): each row's loss and gradient count w times, and the partial's weight is Σ w. With
         * {@code weights == null} every row weighs 1 and the arithmetic is the unweighted one, to the bit.
         *
         * @param parameters    the float32 parameters ({@link #toStorage})
         * @param x             the group's examples, {@code rows × features} row-major at {@code xOffset}
         * @param xOffset       index in {@code x} of the group's first example
         * @param labels        the group's labels at {@code labelsOffset}
         * @param labelsOffset  index in {@code labels} of the group's first label
         * @param weights       the group's row weights at {@code weightsOffset}, or null for none
         * @param weightsOffset index in {@code weights} of the group's first weight
         * @param rows          the group's row count
         * @param out           receives the group's partial sums
         */
        public void evaluate(float[] parameters, float[] x, int xOffset, int[] labels, int labelsOffset,
                             float[] weights, int weightsOffset, int rows, Partial out) {
            int classes = shape.classes();
            int features = shape.features();
            int biasAt = shape.weightCount();
            float[] b = shape.hasBias() ? parameters : null;
            evaluateChunks(labels, labelsOffset, weights, weightsOffset, rows, out, new ChunkLayer() {
                @Override
                public void logits(int done, int m, float[] z) {
                    Linear.logitsRows(x, xOffset + done * features, parameters, 0, b, biasAt, z, 0, m, classes,
                            features);
                }

                @Override
                public void addGradient(float[] dz, int done, int m, float[] g, double[] partial) {
                    Arrays.fill(g, 0f);
                    Linear.accumulateGradient(dz, 0, x, xOffset + done * features, g, 0, b == null ? null : g, biasAt,
                            m, classes, features, 1f);
                    for (int j = 0; j < partial.length; j++) {
                        partial[j] += g[j];
                    }
                }
            });
        }

        /**
         * The chunk loop shared by the dense and the sparse evaluators: per chunk of 256 rows, the logits, the
         * rows predicted right, the loss and its gradient with respect to the logits (weighted row by row when
         * weights are given), then the parameter gradient in float, added into the float64 partial.
         */
        void evaluateChunks(int[] labels, int labelsOffset, float[] weights, int weightsOffset, int rows, Partial out,
                            ChunkLayer layer) {
            int classes = shape.classes();
            double[] partial = out.gradient;
            out.clear();
            for (int done = 0; done < rows; done += CHUNK_ROWS) {
                int m = Math.min(CHUNK_ROWS, rows - done);
                int labelsAt = labelsOffset + done;
                layer.logits(done, m, logits);
                out.correct += Predictions.countCorrect(logits, m, classes, labels, labelsAt);
                if (weights == null) {
                    out.loss += CrossEntropy.lossAndGradientRows(logits, 0, labels, labelsAt, dlogits, 0, m, classes,
                            SUM);
                    out.weight += m;
                } else {
                    // Row by row: each row's loss is weighted before the sum, and its gradient row scaled.
                    for (int r = 0; r < m; r++) {
                        float w = weights[weightsOffset + done + r];
                        int at = r * classes;
                        out.loss += (double) w * CrossEntropy.lossAndGradient(logits, at, labels[labelsAt + r],
                                dlogits, at, classes);
                        out.weight += w;
                        for (int k = 0; k < classes; k++) {
                            dlogits[at + k] *= w;
                        }
                    }
                }
                layer.addGradient(dlogits, done, m, chunkGradient, partial);
            }
        }
    }

    /** The linear layer of one chunk: rows [done, done + m) of a group, relative to its first row. */
    interface ChunkLayer {
        /** Writes the m × K logits of the chunk into z. */
        void logits(int done, int m, float[] z);

        /**
         * Adds the chunk's parameter gradient for the m × K logit gradient dz to the float64 partial: summed in
         * float first (g is scratch of the parameters' size), then added entry by entry, in an order fixed by the
         * chunk's rows.
         */
        void addGradient(float[] dz, int done, int m, float[] g, double[] partial);
    }
}
