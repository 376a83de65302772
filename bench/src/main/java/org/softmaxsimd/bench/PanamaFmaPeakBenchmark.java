package org.softmaxsimd.bench;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's fused multiply-add peak as the JVM reaches it: {@value #CHAINS} independent chains of
 * preferred-width vector {@code fma}s on registers (more chains than an FMA's latency × its ports, so none waits
 * for its own result), nothing loaded or stored. The score is ns per vector FMA; divided by the float lanes it is
 * ns per multiply-add, the peak that the GEMM targets are fractions of (docs/PERFORMANCE.md). Measured rather
 * than taken from a data sheet: clocks under a hypervisor and the width of the FMA pipes (Zen 4 splits a 512-bit
 * FMA over two 256-bit pipes, Zen 5 does not) decide it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class PanamaFmaPeakBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent chains: 12 covers 4-cycle FMAs on two ports with room (Zen 4, Zen 5, Intel). */
    static final int CHAINS = 12;
    /** FMAs per chain per call: long enough that the call and the final sum are noise. */
    static final int STEPS = 1024;

    private float scale;
    private float offset;

    /** Coefficients that keep every chain near 1 (acc·0.999 + 0.001 converges to 1): no overflow, no subnormals. */
    @Setup
    public void setUp() {
        scale = 0.999f;
        offset = 0.001f;
    }

    /** {@value #CHAINS} × {@value #STEPS} vector FMAs; the lanes' sum keeps the chains alive. */
    @Benchmark
    @OperationsPerInvocation(CHAINS * STEPS)
    public float fmaChains() {
        FloatVector a = FloatVector.broadcast(SPECIES, scale);
        FloatVector b = FloatVector.broadcast(SPECIES, offset);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 0.5f);
        FloatVector c1 = c0.add(0.01f);
        FloatVector c2 = c0.add(0.02f);
        FloatVector c3 = c0.add(0.03f);
        FloatVector c4 = c0.add(0.04f);
        FloatVector c5 = c0.add(0.05f);
        FloatVector c6 = c0.add(0.06f);
        FloatVector c7 = c0.add(0.07f);
        FloatVector c8 = c0.add(0.08f);
        FloatVector c9 = c0.add(0.09f);
        FloatVector c10 = c0.add(0.10f);
        FloatVector c11 = c0.add(0.11f);
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2.add(c3)).add(c4.add(c5).add(c6.add(c7))).add(c8.add(c9).add(c10.add(c11)))
                .reduceLanes(VectorOperators.ADD);
    }
}
