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
import org.softmaxsimd.Linear;
import org.softmaxsimd.SoftmaxLayer;

/**
 * One training step of a softmax layer (m = 64 examples, d = 128 features, K classes) on the SIMD path:
 * the fused streaming {@link SoftmaxLayer} against the unfused Linear → CrossEntropy → Linear sequence, which
 * needs an m×K logits buffer (allocated once here; 64·K·4 bytes: 256 KB at K = 1000, 64 MB at K = 262144).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE, "-Xmx4g"})
public class SoftmaxLayerBenchmark {

    private static final int M = 64;
    private static final int D = 128;

    /** Number of classes K. */
    @Param({"1000", "32768", "262144"})
    public int classes;

    private float[] x;
    private float[] w;
    private float[] b;
    private int[] labels;
    private float[] dw;
    private float[] db;
    private float[] z;
    private SoftmaxLayer.Workspace workspace;
    private CrossEntropy.Options options;

    /** Builds seeded inputs and checks the compared implementations agree before timing. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select("panama");
        SplittableRandom rng = new SplittableRandom(9);
        x = RandomArrays.uniform(rng, M * D, -1, 1);
        w = RandomArrays.uniform(rng, classes * D, -0.1, 0.1);
        b = new float[classes];
        labels = RandomArrays.labels(rng, M, classes);
        dw = new float[w.length];
        db = new float[classes];
        z = new float[M * classes];
        workspace = new SoftmaxLayer.Workspace();
        options = CrossEntropy.Options.defaults();
        float fused = fused();
        float unfused = unfused();
        if (!(Math.abs(fused - unfused) <= 1e-5 * Math.abs(unfused))) {
            throw new IllegalStateException("fused and unfused losses disagree: " + fused + " vs " + unfused);
        }
    }

    /** The fused streaming training step. */
    @Benchmark
    public float fused() {
        return SoftmaxLayer.lossAndGradient(x, 0, w, 0, b, 0, labels, 0, dw, 0, db, 0, M, classes, D, workspace);
    }

    /** Linear → CrossEntropy → Linear. */
    @Benchmark
    public float unfused() {
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, M, classes, D);
        float loss = CrossEntropy.lossAndGradientRows(z, 0, labels, 0, z, 0, M, classes, options);
        Linear.accumulateGradient(z, 0, x, 0, dw, 0, db, 0, M, classes, D, 1f);
        return loss;
    }
}
