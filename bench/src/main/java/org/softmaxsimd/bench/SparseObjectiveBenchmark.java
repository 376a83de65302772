package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.Objective;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;
import org.softmaxsimd.train.SparseDataset;
import org.softmaxsimd.train.SparseSoftmaxObjective;

/**
 * One full-batch evaluation of J and ∇J on a generated text-like set — m rows of {@code nnz} non-zeros at
 * Zipf-distributed feature indices (as words are) with tf-like values, K classes — stored dense or CSR. Shape
 * "m x d x K x nnz". The dense layout is run only where the m × d matrix fits (it is the same data). Memory of
 * both objectives: min(32, ⌈m/256⌉) float64 copies of the K·d parameters (the group partial sums).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE, "-Xmx6g"})
public class SparseObjectiveBenchmark {

    /** Storage of the examples: dense or sparse (CSR). */
    @Param({"sparse", "dense"})
    public String layout;

    /** m × d × K × non-zeros per row. */
    @Param({"4096x20000x100x50", "4096x100000x100x50"})
    public String shape;

    private Objective objective;
    private double[] theta;
    private double[] gradient;

    /** Generates the examples (seeded) and the objective, at random small parameters. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select("panama");
        Shape s = Shape.parse(shape);
        int m = s.dims[0];
        int d = s.dims[1];
        int k = s.dims[2];
        int nnz = s.dims[3];
        SparseDataset sparse = textLike(m, d, k, nnz, new SplittableRandom(11));
        SoftmaxRegression model = new SoftmaxRegression(k, d, SoftmaxRegression.Options.defaults());
        if (layout.equals("sparse")) {
            SparseSoftmaxObjective o = new SparseSoftmaxObjective(model, sparse, 1e-4, 1);
            objective = o;
        } else {
            Dataset dense = sparse.toDense();
            objective = new SoftmaxObjective(model, dense, 1e-4, 1);
        }
        theta = new double[objective.dimension()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) random.nextDouble(-0.01, 0.01);
        }
        gradient = new double[theta.length];
    }

    /** Rows of distinct Zipf(1)-distributed feature indices with values log(1 + count), labels from the first. */
    static SparseDataset textLike(int rows, int features, int classes, int nnz, SplittableRandom random) {
        double[] cumulative = new double[features];
        double total = 0;
        for (int j = 0; j < features; j++) {
            total += 1.0 / (j + 1);
            cumulative[j] = total;
        }
        int[] rowStart = new int[rows + 1];
        int[] index = new int[rows * nnz];
        float[] value = new float[rows * nnz];
        int[] labels = new int[rows];
        java.util.BitSet used = new java.util.BitSet(features);
        int at = 0;
        for (int r = 0; r < rows; r++) {
            used.clear();
            int chosen = 0;
            while (chosen < nnz) {
                int j = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * total);
                j = j < 0 ? -j - 1 : j;
                if (!used.get(j)) {
                    used.set(j);
                    chosen++;
                }
            }
            rowStart[r] = at;
            for (int j = used.nextSetBit(0); j >= 0; j = used.nextSetBit(j + 1)) {
                index[at] = j;
                value[at] = (float) Math.log1p(1 + random.nextInt(3));
                at++;
            }
            // The class follows the row's rarest feature, so the task is learnable.
            labels[r] = index[at - 1] % classes;
        }
        rowStart[rows] = at;
        return new SparseDataset(rowStart, index, value, labels, features);
    }

    /** Stops the objective's threads. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ((AutoCloseable) objective).close();
    }

    /** J(θ) and ∇J(θ) over all m rows. */
    @Benchmark
    public double objectiveAndGradient() {
        return objective.evaluate(theta, gradient);
    }
}
