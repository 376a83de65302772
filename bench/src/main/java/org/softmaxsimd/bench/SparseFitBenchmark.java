package org.softmaxsimd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;
import org.softmaxsimd.io.LibsvmFile;
import org.softmaxsimd.io.SparseLabelledData;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxRegression;
import org.softmaxsimd.train.SparseDataset;
import org.softmaxsimd.train.SparseSoftmaxObjective;

/**
 * Time to fit softmax regression on one LIBSVM file of text-like sparse rows ({@link SparseObjectiveBenchmark}'s
 * generator, "m x d x K x nnz"), read by each library's own LIBSVM reader outside the timed fit:
 * softmax-simd's {@link SparseSoftmaxObjective} with L-BFGS against Smile's
 * {@code SparseLogisticRegression.multinomial} (L-BFGS too). Smile's {@code lambda} = λ·m (it penalises the
 * summed loss); both then report J of the seed's objective, evaluated by softmax-simd (Smile's K−1 classes with
 * the last class at 0). Smile 6 needs JDK 25: run with {@code -jvm <JDK 25 java>} (it is reached by reflection).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE, "-Xmx6g"})
public class SparseFitBenchmark {

    private static final double LAMBDA = 1e-4;

    /** Which library fits: softmax-simd or smile. */
    @Param({"softmax-simd", "smile"})
    public String library;

    /** m × d × K × non-zeros per row. */
    @Param({"4096x20000x20x50"})
    public String shape;

    /** Smile's convergence tolerance (its default). */
    @Param({"1e-5"})
    public double smileTolerance;

    private Path file;
    private SparseLabelledData ours;
    private Object smileData;
    private Object fitted;

    /** Writes the LIBSVM file once and reads it with the library's reader (outside the timed fit). */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KernelSelection.select("panama");
        Shape s = Shape.parse(shape);
        SparseDataset data = SparseObjectiveBenchmark.textLike(s.dims[0], s.dims[1], s.dims[2], s.dims[3],
                new SplittableRandom(11));
        file = Files.createTempFile("sparse-fit", ".libsvm");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int r = 0; r < data.rows(); r++) {
                StringBuilder line = new StringBuilder().append(data.labels()[r]);
                for (int n = data.rowStart()[r]; n < data.rowStart()[r + 1]; n++) {
                    line.append(' ').append(data.index()[n] + 1).append(':').append(data.value()[n]);
                }
                out.write(line.append('\n').toString());
            }
        }
        ours = LibsvmFile.readSparse(file, s.dims[1], classNames(s.dims[2]));
        if (library.equals("smile")) {
            if (Runtime.version().feature() < 25) {
                throw new IllegalStateException("Smile 6 needs JDK 25: run this benchmark with -jvm <JDK 25 java>");
            }
            smileData = Class.forName("smile.io.Read").getMethod("libsvm", Path.class).invoke(null, file);
        }
    }

    private static java.util.List<String> classNames(int classes) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    /** One complete fit. */
    @Benchmark
    public void fit(Blackhole blackhole) throws ReflectiveOperationException {
        fitted = library.equals("smile") ? fitSmile() : fitSoftmaxSimd();
        blackhole.consume(fitted);
    }

    private SoftmaxRegression fitSoftmaxSimd() {
        SparseDataset data = ours.data();
        SoftmaxRegression model = new SoftmaxRegression(ours.classes(), data.features(),
                SoftmaxRegression.Options.defaults());
        try (SparseSoftmaxObjective objective = new SparseSoftmaxObjective(model, data, LAMBDA,
                Runtime.getRuntime().availableProcessors())) {
            double[] theta = objective.parametersOf(model);
            new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(1e-6)).minimize(objective, theta, data.rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
        }
        return model;
    }

    private Object fitSmile() throws ReflectiveOperationException {
        Class<?> regression = Class.forName("smile.classification.SparseLogisticRegression");
        Class<?> options = Class.forName("smile.classification.LogisticRegression$Options");
        Object settings = options.getConstructor(double.class, double.class, int.class)
                .newInstance(LAMBDA * ours.data().rows(), smileTolerance, 5000);
        try {
            return regression.getMethod("multinomial", Class.forName("smile.data.SparseDataset"), options)
                    .invoke(null, smileData, settings);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Smile failed", e.getCause());
        }
    }

    /** Prints J of the seed's objective and the training accuracy of the fitted model, then removes the file. */
    @TearDown(Level.Trial)
    public void report() throws ReflectiveOperationException {
        SoftmaxRegression model = fitted instanceof SoftmaxRegression o ? o : fromSmile(fitted);
        System.out.printf(Locale.ROOT, "%n%s: J %.10f, training accuracy %.4f (JDK %d)%n", library,
                model.objective(ours.data(), LAMBDA), model.accuracy(ours.data()), Runtime.version().feature());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Smile's (K−1)×(d+1) coefficients (intercept last, class K−1 at 0) as a softmax-simd model without pivot. */
    private SoftmaxRegression fromSmile(Object smileModel) throws ReflectiveOperationException {
        double[][] w = (double[][]) smileModel.getClass().getMethod("coefficients").invoke(smileModel);
        int d = ours.data().features();
        int classes = ours.classes();
        float[] parameters = new float[classes * d + classes];
        // Smile's feature count is the largest index it read, which may be below d: the intercept follows it.
        int smileFeatures = w[0].length - 1;
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < smileFeatures; j++) {
                parameters[k * d + j] = (float) w[k][j];
            }
            parameters[classes * d + k] = (float) w[k][smileFeatures];
        }
        return new SoftmaxRegression(classes, d, SoftmaxRegression.Options.defaults(), parameters);
    }
}
