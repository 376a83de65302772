package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Exp throughput on in-L1 data (4096 floats in [−87, 0]): the library's polynomial exp (through
 * {@link KernelSupport#expScale}) against the Vector API's {@code lanewise(EXP)} (SVML on x86). This is the
 * measurement behind the choice of exp algorithm; the file imports the Vector API only for the
 * {@code lanewise(EXP)} side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class PanamaExpBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Row length. */
    @Param({"4096"})
    public int length;

    private float[] x;
    private float[] y;
    private KernelSupport panama;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        panama = VectorizationProvider.panama();
        x = RandomArrays.uniform(new SplittableRandom(7), length, -87, 0);
        y = new float[length];
    }

    /** The library exp (polynomial) over the row. */
    @Benchmark
    public float[] polynomial() {
        panama.expScale(x, 0, y, 0, length, 0f, 1f);
        return y;
    }

    /** The Vector API's lanewise(EXP) over the row. */
    @Benchmark
    public float[] lanewiseExp() {
        int i = 0;
        for (; i <= length - SPECIES.length(); i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        for (; i < length; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
        return y;
    }
}
