package org.softmaxsimd.spark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.spark.SoftmaxSimdClassificationModel;
import org.softmaxsimd.spark.SoftmaxSimdClassifier;
import org.softmaxsimd.spark.SoftmaxSimdTrainingSummary;

/**
 * Side by side with MLlib on mnist-10k in local[2]: softmax-simd's estimator against MLlib's
 * {@code LogisticRegression} (multinomial, the same λ, {@code elasticNetParam = 0}, {@code standardization =
 * false}, no intercept: the seed's objective), J of every fitted model evaluated in float64 by this class for
 * both; time and iterations to J − J* ≤ 1e-2, 1e-4, 1e-6; whether two runs give identical coefficients; MLlib
 * with {@code standardization = true} (another objective); and the time per distributed evaluation for 1 and
 * 2 partitions on mnist-10k and on a generated 200k × 784 set. Single-shot wall times of whole fits, each
 * in the same JVM after a warm-up fit, on a shared 2-core machine: read them as ratios. Run from the
 * repository root: {@code ./mvnw -B -q -pl spark -am -DskipTests -Pspark-report verify}; writes
 * {@code bench/results/spark-<jdk>.md}.
 */
public final class SparkComparison {

    private static final double LAMBDA = 1e-4;
    /** SciPy's J* for λ = 1e-4 without intercept (tools/scipy_reference.py; README's MNIST table). */
    private static final double J_STAR = 0.1487667524;
    private static final double[] TARGETS = {1e-2, 1e-4, 1e-6};
    private static final int[] MLLIB_ITERATIONS = {10, 30, 100, 300, 1000};

    private SparkComparison() {
    }

    record Fit(String name, int iterations, double seconds, double j, double trainAccuracy, double testAccuracy) {
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("softmax-simd vs MLlib")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        MnistDirectory mnist = MnistDirectory.load(Path.of("data", "mnist-10k"));
        // Parquet, read back and cached: a parallelized local list would ride along in every task of every
        // iteration (24 MB per task), which slows MLlib's stages more than ours.
        Path scratch = Files.createTempDirectory("spark-comparison");
        Dataset<Row> train = parquet(spark, frame(spark, mnist.train(), 2), scratch.resolve("train")).cache();
        Dataset<Row> test = parquet(spark, frame(spark, mnist.test(), 2), scratch.resolve("test")).cache();
        train.count();
        test.count();
        StringBuilder md = new StringBuilder();
        String jdk = Runtime.version().toString();
        String header = String.format(Locale.ROOT, "softmax-simd %s vs MLlib %s on mnist-10k (8000 × 784, λ = %g, no"
                + " intercept), local[2], JDK %s, %s, %s kernels with %d float lanes%n", "1.0.0-SNAPSHOT",
                spark.version(), LAMBDA, jdk, cpu(), Softmax.implementation(), Softmax.lanes());
        md.append("# ").append(header).append('\n');
        System.out.print(header);

        // Warm-up: one short fit of each, so that neither pays the JIT alone.
        ours(LAMBDA, 20).fit(train);
        mllib(20, false).fit(train);

        // softmax-simd: one fit, its per-iteration history for the times to each target, run twice.
        SoftmaxSimdClassificationModel first = ours(LAMBDA, 2000).fit(train);
        SoftmaxSimdClassificationModel second = ours(LAMBDA, 2000).fit(train);
        boolean oursIdentical = Arrays.equals(first.toSoftmaxRegression().parameters(),
                second.toSoftmaxRegression().parameters());
        SoftmaxSimdTrainingSummary summary = first.summary();
        double jOurs = objective(mnist.train(), weights(first.coefficientMatrix()), null);
        List<Fit> fits = new ArrayList<>();
        fits.add(new Fit("softmax-simd", summary.totalIterations(), summary.seconds(), jOurs,
                accuracy(first, train), accuracy(first, test)));

        // MLlib: a fit per iteration budget (its history is of its own scaled problem, so J is evaluated here).
        List<Fit> mllibFits = new ArrayList<>();
        LogisticRegressionModel atDefault = null;
        for (int iterations : MLLIB_ITERATIONS) {
            long start = System.nanoTime();
            LogisticRegressionModel model = mllib(iterations, false).fit(train);
            double seconds = (System.nanoTime() - start) * 1e-9;
            Fit fit = new Fit("MLlib maxIter " + iterations, model.summary().totalIterations(), seconds,
                    objective(mnist.train(), weights(model.coefficientMatrix()), null), accuracy(model, train),
                    accuracy(model, test));
            mllibFits.add(fit);
            System.out.println(fit);
            if (iterations == 100) {
                atDefault = model;
            }
        }
        fits.addAll(mllibFits);
        LogisticRegressionModel again = mllib(100, false).fit(train);
        boolean mllibIdentical = Arrays.equals(atDefault.coefficientMatrix().toArray(),
                again.coefficientMatrix().toArray());
        long start = System.nanoTime();
        LogisticRegressionModel standardized = mllib(100, true).fit(train);
        double standardizedSeconds = (System.nanoTime() - start) * 1e-9;
        fits.add(new Fit("MLlib maxIter 100, standardization=true (another objective)",
                standardized.summary().totalIterations(), standardizedSeconds,
                objective(mnist.train(), weights(standardized.coefficientMatrix()), null),
                accuracy(standardized, train), accuracy(standardized, test)));

        md.append("| fit | iterations | seconds | J (float64) | J − J* | train acc. | test acc. |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Fit fit : fits) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.10f | %.2e | %.4f | %.4f |%n", fit.name,
                    fit.iterations, fit.seconds, fit.j, fit.j - J_STAR, fit.trainAccuracy, fit.testAccuracy));
        }
        md.append('\n').append("J* = ").append(J_STAR).append(" (SciPy L-BFGS-B in float64).\n\n");

        md.append("| time (iterations) to J − J* ≤ | 1e-2 | 1e-4 | 1e-6 |\n|---|---:|---:|---:|\n");
        double[] history = summary.objectiveHistory();
        double[] seconds = summary.secondsHistory();
        StringBuilder oursRow = new StringBuilder("| softmax-simd |");
        StringBuilder mllibRow = new StringBuilder("| MLlib (standardization=false) |");
        for (double target : TARGETS) {
            int i = 0;
            while (i < history.length && history[i] - J_STAR > target) {
                i++;
            }
            oursRow.append(i < history.length ? String.format(Locale.ROOT, " %.2f s (%d) |", seconds[i], i)
                    : " never |");
            Fit reached = null;
            for (Fit fit : mllibFits) {
                if (fit.j - J_STAR <= target) {
                    reached = fit;
                    break;
                }
            }
            mllibRow.append(reached == null ? " never within 1000 iterations |"
                    : String.format(Locale.ROOT, " ≤ %.2f s (≤ %d) |", reached.seconds, reached.iterations));
        }
        md.append(oursRow).append('\n').append(mllibRow).append('\n').append('\n');
        Fit mllibDefault = mllibFits.get(2);
        int i = 0;
        while (i < history.length && history[i] > mllibDefault.j) {
            i++;
        }
        md.append(String.format(Locale.ROOT, "MLlib's own final J at its default maxIter = 100: %.6f after %.2f s;"
                + " softmax-simd reaches it after %.2f s (%d iterations): %.0f× faster.%n%n", mllibDefault.j,
                mllibDefault.seconds, seconds[Math.min(i, seconds.length - 1)], i,
                mllibDefault.seconds / seconds[Math.min(i, seconds.length - 1)]));
        md.append("Two runs, identical coefficients: softmax-simd ").append(oursIdentical ? "yes" : "NO")
                .append(", MLlib ").append(mllibIdentical ? "yes" : "no").append(".\n\n");

        md.append("| data | partitions | ms per evaluation (J and ∇J, one Spark job) |\n|---|---:|---:|\n");
        for (int partitions : new int[] {1, 2}) {
            md.append(String.format(Locale.ROOT, "| mnist-10k, 8000 × 784 | %d | %.1f |%n", partitions,
                    msPerEvaluation(train.coalesce(partitions), 30)));
        }
        int big = 200_000;
        for (int partitions : new int[] {1, 2}) {
            md.append(String.format(Locale.ROOT, "| generated, %d × 784, 10 classes | %d | %.1f |%n", big,
                    partitions, msPerEvaluation(generated(spark, big, 784, partitions), 10)));
        }
        System.out.println();
        System.out.println(md);
        Path out = Path.of("bench", "results", "spark-" + Runtime.version().feature() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
        spark.stop();
    }

    static SoftmaxSimdClassifier ours(double lambda, int maxIter) {
        return new SoftmaxSimdClassifier().setRegParam(lambda).setFitIntercept(false).setMaxIter(maxIter);
    }

    /** The frame written as Parquet and read back, in the same row order (one file per input partition). */
    static Dataset<Row> parquet(SparkSession spark, Dataset<Row> frame, Path dir) {
        frame.write().parquet(dir.toString());
        return spark.read().parquet(dir.toString());
    }

    static LogisticRegression mllib(int maxIter, boolean standardization) {
        return new LogisticRegression().setFamily("multinomial").setRegParam(LAMBDA).setElasticNetParam(0)
                .setStandardization(standardization).setFitIntercept(false).setMaxIter(maxIter).setTol(0);
    }

    /** Mean wall time of one distributed evaluation over a short fit (packing excluded as far as it can be). */
    static double msPerEvaluation(Dataset<Row> frame, int iterations) {
        SoftmaxSimdClassificationModel model = ours(LAMBDA, iterations).fit(frame);
        SoftmaxSimdTrainingSummary s = model.summary();
        double[] t = s.secondsHistory();
        return (t[t.length - 1] - t[0]) * 1e3 / Math.max(1, s.evaluations() - 1);
    }

    static double[] weights(Matrix coefficients) {
        int k = coefficients.numRows();
        int d = coefficients.numCols();
        double[] w = new double[k * d];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < d; c++) {
                w[r * d + c] = coefficients.apply(r, c);
            }
        }
        return w;
    }

    /** J(W) = (1/m) Σ (lse(z) − z_y) + (λ/2)‖W‖² in float64, z = W·x (no intercept). */
    static double objective(org.softmaxsimd.train.Dataset data, double[] w, double[] b) {
        int d = data.features();
        int k = w.length / d;
        double loss = 0;
        double[] z = new double[k];
        for (int i = 0; i < data.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = b == null ? 0 : b[c];
                for (int j = 0; j < d; j++) {
                    s += w[c * d + j] * data.x()[i * d + j];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[c] - max);
            }
            loss += max + Math.log(sum) - z[data.labels()[i]];
        }
        double penalty = 0;
        for (double v : w) {
            penalty += v * v;
        }
        return loss / data.rows() + 0.5 * LAMBDA * penalty;
    }

    static double accuracy(org.apache.spark.ml.Model<?> model, Dataset<Row> frame) {
        Dataset<Row> out = model.transform(frame);
        return (double) out.filter("prediction = label").count() / out.count();
    }

    static final StructType SCHEMA = new StructType().add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);

    static Dataset<Row> frame(SparkSession spark, org.softmaxsimd.train.Dataset data, int partitions) {
        int d = data.features();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = data.x()[i * d + j];
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) data.labels()[i]));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), SCHEMA);
    }

    /** Rows generated on the executors, each from its own index (so every recomputation gives the same rows). */
    static Dataset<Row> generated(SparkSession spark, int rows, int features, int partitions) {
        return spark.createDataFrame(spark.range(0, rows, 1, partitions).toJavaRDD().map(index -> {
                    SplittableRandom random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
                    int label = random.nextInt(10);
                    double[] x = new double[features];
                    for (int j = 0; j < features; j++) {
                        x[j] = (j % 10 == label ? 0.5 : 0) + random.nextDouble();
                    }
                    Vector v = Vectors.dense(x);
                    return RowFactory.create(v, (double) label);
                }), SCHEMA);
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
