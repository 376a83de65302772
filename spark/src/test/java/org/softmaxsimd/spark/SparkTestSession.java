package org.softmaxsimd.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softmaxsimd.io.MnistDirectory;

/**
 * One real Spark session in local[2] mode for all the tests of this module (UI off, driver on 127.0.0.1), and
 * the data they use: DataFrames made from core's datasets, so that a local fit and a Spark fit see the same rows
 * in the same order.
 */
final class SparkTestSession {

    private static SparkSession spark;
    private static MnistDirectory mnist;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("softmax-simd-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return spark;
    }

    static synchronized MnistDirectory mnist() throws IOException {
        if (mnist == null) {
            mnist = MnistDirectory.load(Path.of("..", "data", "mnist-10k"));
        }
        return mnist;
    }

    static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);

    /** The rows of {@code data} as a DataFrame in {@code partitions} partitions, dense or sparse vectors. */
    static Dataset<Row> frame(org.softmaxsimd.train.Dataset data, int partitions, boolean sparse) {
        int d = data.features();
        List<Row> rows = new ArrayList<>(data.rows());
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = data.x()[i * d + j];
            }
            Vector v = Vectors.dense(x);
            rows.add(RowFactory.create(sparse ? v.toSparse() : v, (double) data.labels()[i]));
        }
        return frame(rows, partitions);
    }

    /** These rows, in this order, cut into {@code partitions} contiguous slices (parallelize keeps the order). */
    static Dataset<Row> frame(List<Row> rows, int partitions) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(get().sparkContext());
        return get().createDataFrame(context.parallelize(rows, partitions), SCHEMA);
    }

    /** Clustered points: {@code rows} examples of {@code features} features around {@code classes} centres. */
    static org.softmaxsimd.train.Dataset clusters(int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (j % classes == labels[i] ? 1.5f : 0f) + (float) random.nextGaussian();
            }
        }
        return new org.softmaxsimd.train.Dataset(x, labels, features);
    }
}
