package org.softmaxsimd.bench;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * Time to fit multinomial logistic regression to mnist-10k's 8000 training images, λ = 1e-4, from a cold
 * model (single shot, the JIT warm-up included as a user sees it), softmax-simd's L-BFGS against Smile's
 * {@code LogisticRegression.multinomial}. Both fit the same model: K−1 free classes (a pivot) with an
 * unpenalised bias, Smile's {@code lambda} = λ·m because it penalises the summed, not the mean, loss. Each
 * fork prints the final objective and the test accuracy (the fit's quality), then JMH the time.
 *
 * <p>Smile 6 ships JDK 25 class files and this jar targets JDK 17, so Smile is reached by reflection and its
 * fork must run on JDK 25: {@code -jvm /path/to/jdk-25/bin/java}. The data folder is {@code data/mnist-10k}
 * under the working directory, or {@code -Dsoftmaxsimd.bench.mnist}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class MnistFitBenchmark {

    private static final double LAMBDA = 1e-4;

    /** Which library fits: softmax-simd or smile. */
    @Param({"softmax-simd", "smile"})
    public String library;

    /** Smile's convergence tolerance (its default is 1e-5); docs/PERFORMANCE.md quotes 1e-5 and 1e-10. */
    @Param({"1e-5"})
    public double smileTolerance;

    private MnistDirectory mnist;
    private double[][] smileX;
    private double[][] smileTestX;
    private Object fitted;

    /** Loads the data (outside the timed fit). */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        KernelSelection.select("panama");
        mnist = MnistDirectory.load(Path.of(System.getProperty("softmaxsimd.bench.mnist", "data/mnist-10k")));
        if (library.equals("smile")) {
            if (Runtime.version().feature() < 25) {
                throw new IllegalStateException("Smile 6 needs JDK 25: run this benchmark with -jvm <JDK 25 java>");
            }
            smileX = rows(mnist.train());
            smileTestX = rows(mnist.test());
        }
    }

    private static double[][] rows(Dataset data) {
        double[][] x = new double[data.rows()][data.features()];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < data.features(); j++) {
                x[i][j] = data.x()[i * data.features() + j];
            }
        }
        return x;
    }

    /** One complete fit. */
    @Benchmark
    public void fit(Blackhole blackhole) throws ReflectiveOperationException {
        fitted = library.equals("smile") ? fitSmile() : fitSoftmaxSimd();
        blackhole.consume(fitted);
    }

    private SoftmaxRegression fitSoftmaxSimd() {
        SoftmaxRegression model = new SoftmaxRegression(10, mnist.train().features(),
                SoftmaxRegression.Options.defaults().withPivot(true));
        try (SoftmaxObjective objective = new SoftmaxObjective(model, mnist.train(), LAMBDA,
                Runtime.getRuntime().availableProcessors())) {
            double[] theta = objective.parametersOf(model);
            new Lbfgs(Lbfgs.Options.defaults()).minimize(objective, theta, mnist.train().rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
        }
        return model;
    }

    private Object fitSmile() throws ReflectiveOperationException {
        Class<?> regression = Class.forName("smile.classification.LogisticRegression");
        Class<?> options = Class.forName("smile.classification.LogisticRegression$Options");
        Constructor<?> make = options.getConstructor(double.class, double.class, int.class);
        Object settings = make.newInstance(LAMBDA * mnist.train().rows(), smileTolerance, 5000);
        Method multinomial = regression.getMethod("multinomial", double[][].class, int[].class, options);
        try {
            return multinomial.invoke(null, smileX, mnist.train().labels(), settings);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Smile failed", e.getCause());
        }
    }

    /**
     * Prints what the fit reached: J of the seed's objective (mean loss + λ/2‖W‖², evaluated by softmax-simd for
     * both models, Smile's coefficients copied into a pivot model) and the test accuracy.
     */
    @TearDown(Level.Trial)
    public void report() throws ReflectiveOperationException {
        SoftmaxRegression model = fitted instanceof SoftmaxRegression ours ? ours : fromSmile(fitted);
        System.out.printf(Locale.ROOT, "%n%s: J %.10f, test accuracy %.4f (JDK %d)%n", library,
                model.objective(mnist.train(), LAMBDA), model.accuracy(mnist.test()), Runtime.version().feature());
    }

    /** Smile's (K−1)×(d+1) coefficients, the intercept last, class K−1 the pivot, as a softmax-simd model. */
    private SoftmaxRegression fromSmile(Object smileModel) throws ReflectiveOperationException {
        double[][] w = (double[][]) smileModel.getClass().getMethod("coefficients").invoke(smileModel);
        int d = mnist.train().features();
        int classes = w.length + 1;
        float[] parameters = new float[classes * d + classes];
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < d; j++) {
                parameters[k * d + j] = (float) w[k][j];
            }
            parameters[classes * d + k] = (float) w[k][d];
        }
        SoftmaxRegression model = new SoftmaxRegression(classes, d,
                SoftmaxRegression.Options.defaults().withPivot(true), parameters);
        Method predict = smileModel.getClass().getMethod("predict", double[].class);
        int[] ours = model.predict(mnist.test());
        for (int i = 0; i < smileTestX.length; i++) {
            if ((int) predict.invoke(smileModel, (Object) smileTestX[i]) != ours[i]) {
                throw new IllegalStateException("Smile's coefficients read in the wrong layout: test image " + i);
            }
        }
        return model;
    }
}
