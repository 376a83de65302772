package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The per-call cost of the kernel barrier: the same SIMD kernels called through it (each kernel its own C2
 * compilation, reached by a method handle) and directly (inlinable into this method). The difference of the two
 * at a short length is the barrier's cost per kernel call; at a longer one it should vanish in the kernel's own time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class KernelBarrierBenchmark {

    /** Row length. */
    @Param({"16", "1024"})
    public int length;

    private KernelSupport barrier;
    private KernelSupport direct;
    private float[] x;
    private float[] y;

    /** Both views of the Vector API kernels and a seeded row. */
    @Setup
    public void setUp() {
        barrier = VectorizationProvider.panama();
        direct = VectorizationProvider.panamaWithoutBarrier();
        x = RandomArrays.uniform(new SplittableRandom(7), length, -8, 8);
        y = new float[length];
    }

    /** Row max through the barrier. */
    @Benchmark
    public float maxThroughBarrier() {
        return barrier.max(x, 0, length);
    }

    /** Row max called directly. */
    @Benchmark
    public float maxDirect() {
        return direct.max(x, 0, length);
    }

    /** One-call softmax of the row through the barrier. */
    @Benchmark
    public long softmaxRowThroughBarrier() {
        return barrier.softmaxRow(x, 0, y, 0, length > KernelSupport.SHORT_ROW_LIMIT ? 0 : length);
    }

    /** One-call softmax of the row called directly. */
    @Benchmark
    public long softmaxRowDirect() {
        return direct.softmaxRow(x, 0, y, 0, length > KernelSupport.SHORT_ROW_LIMIT ? 0 : length);
    }
}
