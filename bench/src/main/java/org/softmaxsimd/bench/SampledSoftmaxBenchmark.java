package org.softmaxsimd.bench;

import java.util.Arrays;
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
import org.softmaxsimd.sampled.CandidateRandom;
import org.softmaxsimd.sampled.CandidateSampler;
import org.softmaxsimd.sampled.Candidates;
import org.softmaxsimd.sampled.SampledSoftmax;
import org.softmaxsimd.sampled.SparseRowGradient;

/**
 * One SGD training step of a softmax layer (m = 32 examples, d features, with bias): full softmax (logits,
 * cross-entropy, dense dW, update of all of W) against sampled softmax with S shared log-uniform negatives
 * (draw, gathered loss, sparse update of the touched rows), per number of classes K, on either kernel path.
 * The full step does not depend on S; run it with one S ({@code -p sampled=64}) to save time. K = 1M at
 * d = 784 holds 6.3 GB of W and dW: the fork gets {@code -Xmx10g}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE, "-Xmx10g"})
public class SampledSoftmaxBenchmark {

    private static final int M = 32;
    private static final float LEARNING_RATE = 1e-3f;

    /** Kernel path: scalar or panama. */
    @Param({"panama", "scalar"})
    public String impl;

    /** Features d. */
    @Param({"128", "784"})
    public int features;

    /** Number of classes K. */
    @Param({"10000", "100000", "1000000"})
    public int classes;

    /** Negatives per step for the sampled variant. */
    @Param({"64", "512"})
    public int sampled;

    private float[] x;
    private float[] w;
    private float[] b;
    private int[] labels;
    private float[] z;
    private float[] dw;
    private float[] db;
    private CrossEntropy.Options options;
    private SampledSoftmax loss;
    private SparseRowGradient gradient;
    private CandidateSampler sampler;
    private Candidates drawn;
    private CandidateRandom random;

    /** Builds seeded inputs and the per-thread scratch of both variants. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelSelection.select(impl);
        SplittableRandom rng = new SplittableRandom(12);
        x = RandomArrays.uniform(rng, M * features, -1, 1);
        w = RandomArrays.uniform(rng, classes * features, -0.01, 0.01);
        b = new float[classes];
        labels = RandomArrays.labels(rng, M, classes);
        z = new float[M * classes];
        dw = new float[classes * features];
        db = new float[classes];
        options = CrossEntropy.Options.defaults();
        loss = new SampledSoftmax(classes, features);
        gradient = new SparseRowGradient(classes, features);
        sampler = CandidateSampler.logUniform(classes);
        drawn = new Candidates();
        random = new CandidateRandom(1);
    }

    /** Full softmax: every class's logit, dense gradient, update of all K rows. */
    @Benchmark
    public float fullStep() {
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, M, classes, features);
        float l = CrossEntropy.lossAndGradientRows(z, 0, labels, 0, z, 0, M, classes, options);
        Arrays.fill(dw, 0f);
        Arrays.fill(db, 0f);
        Linear.accumulateGradient(z, 0, x, 0, dw, 0, db, 0, M, classes, features, 1f);
        // The update of all K rows is one axpy over K·d: addWeightDecay(dW → W) is exactly that axpy (its sign
        // differs from an SGD step's, its cost does not; the public API has no plain axpy).
        Linear.addWeightDecay(dw, 0, w, 0, classes, features, LEARNING_RATE);
        return l;
    }

    /** Sampled softmax: S shared negatives, sparse gradient, update of the touched rows only. */
    @Benchmark
    public float sampledStep() {
        sampler.sampleUnique(random, sampled, drawn);
        gradient.clear();
        float l = loss.lossAndGradient(x, 0, w, 0, b, 0, labels, 0, sampler, drawn, gradient, M);
        gradient.applySgd(w, 0, b, 0, LEARNING_RATE);
        return l;
    }
}
