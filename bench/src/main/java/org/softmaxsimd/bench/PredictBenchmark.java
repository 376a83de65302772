package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Path;
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
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * Prediction on mnist-10k's 2000 test images (K = 10, d = 784) with a model of fixed seeded weights:
 * probabilities one example at a time ({@code predictProba(x, offset, p, offset)} per row: a GEMV and a one-row
 * softmax each), for the whole dataset at once ({@code predictProba(Dataset)}: a GEMM and a batched softmax per
 * block of 64 rows), and the classes ({@code predict(Dataset)}: the GEMM and an argmax). The data folder is
 * {@code data/mnist-10k} under the working directory, or {@code -Dsoftmaxsimd.bench.mnist}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class PredictBenchmark {

    /** Kernel path: "scalar" or "panama", selected before any facade is first used. */
    @Param({"panama"})
    public String impl;

    private Dataset test;
    private SoftmaxRegression model;
    private float[] p;

    /** Loads the test images and seeds the weights. */
    @Setup
    public void setUp() throws IOException {
        KernelSelection.select(impl);
        test = MnistDirectory.load(Path.of(System.getProperty("softmaxsimd.bench.mnist", "data/mnist-10k"))).test();
        model = new SoftmaxRegression(10, test.features(), SoftmaxRegression.Options.defaults());
        float[] theta = model.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) (0.01 * Math.sin(i));
        }
        p = new float[test.rows() * 10];
    }

    /** Probabilities, one example per call. */
    @Benchmark
    public float[] probabilitiesPerExample() {
        int features = test.features();
        for (int r = 0; r < test.rows(); r++) {
            model.predictProba(test.x(), r * features, p, r * 10);
        }
        return p;
    }

    /** Probabilities of the whole dataset in one call. */
    @Benchmark
    public float[] probabilitiesBatched() {
        return model.predictProba(test);
    }

    /** Classes of the whole dataset in one call. */
    @Benchmark
    public int[] classesBatched() {
        return model.predict(test);
    }
}
