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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * max, logSumExp, softmax and logSoftmax through the public facade, per shape and kernel path. Inputs are
 * seeded random floats in [−8, 8] held in state fields; outputs are preallocated; every result is returned
 * or consumed. Time per op / (rows·cols) is the ns/element of the report.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class SoftmaxBenchmark {

    /** Kernel path: "scalar" or "panama", selected before any facade is first used. */
    @Param({"scalar", "panama"})
    public String impl;

    /** Shape, see {@link Shape}. */
    @Param({"1x16", "1x128", "1x1024", "1x16384", "1x262144", "1x4194304", "256x1000", "64x32768", "4096x10",
            "4096x16", "4096x32", "4096x100"})
    public String shape;

    private int rows;
    private int cols;
    private float[] x;
    private float[] y;
    private float[] lse;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select(impl);
        Shape s = Shape.parse(shape);
        rows = s.rows();
        cols = s.cols();
        x = RandomArrays.uniform(new SplittableRandom(42), rows * cols, -8, 8);
        y = new float[x.length];
        lse = new float[rows];
        Agreement.checkSoftmax(x, cols);
    }

    /** Row maxima of every row. */
    @Benchmark
    public void max(Blackhole bh) {
        for (int r = 0; r < rows; r++) {
            bh.consume(Softmax.max(x, r * cols, cols));
        }
    }

    /** log-sum-exp of every row. */
    @Benchmark
    public float[] logSumExp() {
        Softmax.logSumExpRows(x, 0, lse, 0, rows, cols);
        return lse;
    }

    /** softmax of every row. */
    @Benchmark
    public float[] softmax() {
        Softmax.softmaxRows(x, 0, y, 0, rows, cols);
        return y;
    }

    /** log-softmax of every row. */
    @Benchmark
    public float[] logSoftmax() {
        Softmax.logSoftmaxRows(x, 0, y, 0, rows, cols);
        return y;
    }

    /** Both kernel paths must agree before anything is timed. */
    static final class Agreement {
        private Agreement() {
        }

        static void checkSoftmax(float[] x, int cols) {
            int n = Math.min(x.length, Math.max(cols, 1 << 16));
            n -= n % Math.max(cols, 1);
            float[] a = new float[n];
            float[] b = new float[n];
            SoftmaxEngine scalar = new SoftmaxEngine(VectorizationProvider.scalar());
            SoftmaxEngine panama = new SoftmaxEngine(VectorizationProvider.panama());
            for (int r = 0; r + cols <= n; r += cols) {
                scalar.softmax(x, r, a, r, cols);
                panama.softmax(x, r, b, r, cols);
            }
            for (int i = 0; i < n; i++) {
                if (!(Math.abs(a[i] - b[i]) <= 1e-6 * Math.abs(a[i]) + 0x1p-126f)) {
                    throw new IllegalStateException("scalar and panama softmax disagree at " + i + ": " + a[i]
                            + " vs " + b[i]);
                }
            }
        }
    }
}
