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
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.internal.CrossEntropyEngine;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Cross-entropy fused with its gradient (mean over the batch, integer labels) through the public facade,
 * per shape and kernel path; ns/element = time per call / (rows·classes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class CrossEntropyBenchmark {

    /** Kernel path: "scalar" or "panama", selected before any facade is first used. */
    @Param({"scalar", "panama"})
    public String impl;

    /** Shape, see {@link Shape}. */
    @Param({"256x1000", "64x32768", "4096x10", "4096x16", "4096x32", "4096x100"})
    public String shape;

    private int rows;
    private int cols;
    private float[] logits;
    private float[] dlogits;
    private int[] labels;
    private CrossEntropy.Options options;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select(impl);
        Shape s = Shape.parse(shape);
        rows = s.rows();
        cols = s.cols();
        SplittableRandom rng = new SplittableRandom(11);
        logits = RandomArrays.uniform(rng, rows * cols, -8, 8);
        labels = RandomArrays.labels(rng, rows, cols);
        dlogits = new float[logits.length];
        options = CrossEntropy.Options.defaults();
        checkAgreement();
    }

    private void checkAgreement() {
        float[] a = new float[logits.length];
        float[] b = new float[logits.length];
        float la = new CrossEntropyEngine(new SoftmaxEngine(VectorizationProvider.scalar()))
                .lossAndGradient(logits, 0, rows, cols, labels, 0, a, 0, true, 0f, null, Integer.MIN_VALUE);
        float lb = new CrossEntropyEngine(new SoftmaxEngine(VectorizationProvider.panama()))
                .lossAndGradient(logits, 0, rows, cols, labels, 0, b, 0, true, 0f, null, Integer.MIN_VALUE);
        if (!(Math.abs(la - lb) <= 1e-6 * Math.max(1, Math.abs(la)))) {
            throw new IllegalStateException("scalar and panama losses disagree: " + la + " vs " + lb);
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-6 * Math.abs(a[i]) + 1e-9)) {
                throw new IllegalStateException("scalar and panama gradients disagree at " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
    }

    /** Mean cross-entropy and its gradient. */
    @Benchmark
    public float lossAndGradient() {
        return CrossEntropy.lossAndGradientRows(logits, 0, labels, 0, dlogits, 0, rows, cols, options);
    }
}
