package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
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

/**
 * The JVM peer of {@link LinearBenchmark#logitsBatch}: netlib-java's VectorBLAS {@code sgemm}
 * (dev.ludovic.netlib 3.0.3, Vector API) computing the same Z = X·Wᵀ on the same row-major arrays (as the
 * column-major product Zᵀ = W·Xᵀ). The report shows it in the "peer" column of the same row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class NetlibSgemmBenchmark {

    /** Shape, see {@link Shape}. */
    @Param({"64x256x1000", "64x784x1000"})
    public String shape;

    private int m;
    private int d;
    private int k;
    private float[] x;
    private float[] w;
    private float[] z;
    private BLAS blas;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        blas = JavaBLAS.getInstance();
        if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("netlib chose " + blas.getClass().getName() + ", not VectorBLAS");
        }
        Shape s = Shape.parse(shape);
        m = s.dims[0];
        d = s.dims[1];
        k = s.dims[2];
        SplittableRandom rng = new SplittableRandom(5);
        x = RandomArrays.uniform(rng, m * d, -1, 1);
        w = RandomArrays.uniform(rng, k * d, -1, 1);
        z = new float[m * k];
        float[] ours = new float[m * k];
        Linear.logitsRows(x, 0, w, 0, null, 0, ours, 0, m, k, d);
        logitsBatch();
        for (int i = 0; i < z.length; i++) {
            if (!(Math.abs(z[i] - ours[i]) <= 1e-4 * Math.sqrt(d))) {
                throw new IllegalStateException("netlib and softmax-simd logits disagree at " + i);
            }
        }
    }

    /** Batched logits Z = X·Wᵀ. */
    @Benchmark
    public float[] logitsBatch() {
        blas.sgemm("T", "N", k, m, d, 1f, w, d, x, d, 0f, z, k);
        return z;
    }
}
