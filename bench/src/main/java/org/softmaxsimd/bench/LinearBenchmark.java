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
import org.softmaxsimd.Linear;
import org.softmaxsimd.internal.LinearEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Batched logits Z = X·Wᵀ and the weight gradient dW += dZᵀ·X through the public facade; shape
 * "m x d x K", ns per multiply-add = time per call / (m·d·K).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class LinearBenchmark {

    /** Kernel path: "scalar" or "panama", selected before any facade is first used. */
    @Param({"scalar", "panama"})
    public String impl;

    /** Shape, see {@link Shape}. */
    @Param({"64x256x1000", "64x784x1000"})
    public String shape;

    private int m;
    private int d;
    private int k;
    private float[] x;
    private float[] w;
    private float[] z;
    private float[] dw;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select(impl);
        Shape s = Shape.parse(shape);
        m = s.dims[0];
        d = s.dims[1];
        k = s.dims[2];
        SplittableRandom rng = new SplittableRandom(5);
        x = RandomArrays.uniform(rng, m * d, -1, 1);
        w = RandomArrays.uniform(rng, k * d, -1, 1);
        z = new float[m * k];
        dw = new float[k * d];
        float[] a = new float[m * k];
        new LinearEngine(VectorizationProvider.scalar()).logitsBatch(x, 0, m, d, w, 0, k, null, 0, a, 0);
        new LinearEngine(VectorizationProvider.panama()).logitsBatch(x, 0, m, d, w, 0, k, null, 0, z, 0);
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - z[i]) <= 1e-4 * Math.sqrt(d))) {
                throw new IllegalStateException("scalar and panama logits disagree at " + i + ": " + a[i] + " vs " + z[i]);
            }
        }
    }

    /** Batched logits Z = X·Wᵀ. */
    @Benchmark
    public float[] logitsBatch() {
        Linear.logitsRows(x, 0, w, 0, null, 0, z, 0, m, k, d);
        return z;
    }

    /** Weight gradient dW += s·dZᵀ·X. */
    @Benchmark
    public float[] weightGradient() {
        Linear.accumulateGradient(z, 0, x, 0, dw, 0, null, 0, m, k, d, 1e-9f);
        return dw;
    }
}
