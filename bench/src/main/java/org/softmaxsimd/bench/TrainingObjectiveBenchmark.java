package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * One full-batch evaluation of the softmax-regression objective and its gradient on mnist-10k's 8000 training
 * images (d = 784, K = 10, with bias, λ = 1e-4), the unit of work of L-BFGS: 2·m·K·d = 125M multiply-adds.
 * The data folder is {@code data/mnist-10k} under the working directory, or {@code -Dsoftmaxsimd.bench.mnist}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class TrainingObjectiveBenchmark {

    /** Kernel path: scalar or panama. */
    @Param({"scalar", "panama"})
    public String impl;

    /** Worker threads of the objective. */
    @Param({"1", "2"})
    public int threads;

    private SoftmaxObjective objective;
    private double[] theta;
    private double[] gradient;

    /** Loads the data and draws seeded parameters. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        KernelSelection.select(impl);
        MnistDirectory mnist = MnistDirectory.load(Path.of(System.getProperty("softmaxsimd.bench.mnist",
                "data/mnist-10k")));
        SoftmaxRegression model = new SoftmaxRegression(10, mnist.train().features(),
                SoftmaxRegression.Options.defaults());
        objective = new SoftmaxObjective(model, mnist.train(), 1e-4, threads);
        float[] random = RandomArrays.uniform(new SplittableRandom(3), model.parameters().length, -0.01, 0.01);
        theta = new double[random.length];
        for (int i = 0; i < random.length; i++) {
            theta[i] = random[i];
        }
        gradient = new double[theta.length];
    }

    /** Stops the objective's threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        objective.close();
    }

    /** J(θ) and ∇J(θ) over the whole training set. */
    @Benchmark
    public double objectiveAndGradient() {
        return objective.evaluate(theta, gradient);
    }
}
