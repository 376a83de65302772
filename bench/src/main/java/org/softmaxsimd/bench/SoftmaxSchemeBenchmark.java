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
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Three-pass (max; exp stored and summed; scale) against two-pass (online max and sum; exp and scale)
 * softmax on the SIMD path, per row length: the measurement behind
 * {@link SoftmaxEngine#DEFAULT_TWO_PASS_THRESHOLD}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class SoftmaxSchemeBenchmark {

    /** "threePass" or "twoPass". */
    @Param({"threePass", "twoPass"})
    public String scheme;

    /** Row length. */
    @Param({"16384", "65536", "131072", "262144", "1048576", "4194304", "67108864"})
    public int length;

    private SoftmaxEngine engine;
    private float[] x;
    private float[] y;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = new SoftmaxEngine(VectorizationProvider.panama(), scheme.equals("twoPass") ? 0 : Integer.MAX_VALUE);
        x = RandomArrays.uniform(new SplittableRandom(3), length, -8, 8);
        y = new float[length];
    }

    /** softmax of every row. */
    @Benchmark
    public float softmax() {
        return engine.softmax(x, 0, y, 0, length);
    }
}
