package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each bad input is a clear error that names the column and the row, raised on the driver before training. */
class BadInputTest {

    private static Dataset<Row> frame(List<Row> rows) {
        return SparkTestSession.frame(rows, 3);
    }

    private static List<Row> goodRows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, 1.0, -i), (double) (i % 3)));
        }
        return rows;
    }

    private static void rejected(Class<? extends Throwable> type, String needle, Executable fit) {
        Throwable e = assertThrows(type, fit);
        assertTrue(e.getMessage().contains(needle), "'" + e.getMessage() + "' should mention '" + needle + "'");
    }

    private static Executable fit(List<Row> rows) {
        return () -> new SoftmaxSimdClassifier().setMaxIter(3).fit(frame(rows));
    }

    @Test
    void labelsThatAreNotClassIndices() {
        List<Row> rows = goodRows(40);
        rows.set(17, RowFactory.create(Vectors.dense(1, 2, 3), 2.5));
        rejected(IllegalArgumentException.class, "column 'label', row 17: 2.5 is not a class label", fit(rows));
        rows.set(17, RowFactory.create(Vectors.dense(1, 2, 3), -1.0));
        rejected(IllegalArgumentException.class, "row 17: -1.0 is not a class label", fit(rows));
        rows.set(17, RowFactory.create(Vectors.dense(1, 2, 3), Double.NaN));
        rejected(IllegalArgumentException.class, "row 17: NaN is not a class label", fit(rows));
    }

    @Test
    void nonFiniteFeatures() {
        List<Row> rows = goodRows(40);
        rows.set(5, RowFactory.create(Vectors.dense(1, Double.NaN, 3), 0.0));
        rejected(IllegalArgumentException.class, "column 'features', row 5, feature 1: NaN", fit(rows));
        rows.set(5, RowFactory.create(Vectors.sparse(3, new int[] {2}, new double[] {Double.POSITIVE_INFINITY}), 0.0));
        rejected(IllegalArgumentException.class, "row 5, feature 2: Infinity", fit(rows));
        rows.set(5, RowFactory.create(Vectors.dense(1e300, 0, 0), 0.0));
        rejected(IllegalArgumentException.class, "row 5, feature 0: 1.0E300 is outside the float range", fit(rows));
    }

    @Test
    void vectorsOfTheWrongSize() {
        List<Row> rows = goodRows(40);
        rows.set(31, RowFactory.create(Vectors.dense(1, 2), 1.0));
        rejected(IllegalArgumentException.class, "column 'features', row 31: a vector of size 2 where row 0 has 3",
                fit(rows));
    }

    @Test
    void anEmptyDataset() {
        rejected(IllegalArgumentException.class, "the dataset is empty", fit(new ArrayList<>()));
    }

    private static Executable fitWeighted(double... weights) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            rows.add(RowFactory.create(Vectors.dense(i, 1.0, -i), (double) (i % 3), weights[i]));
        }
        org.apache.spark.sql.types.StructType schema = SparkTestSession.SCHEMA.add("w",
                org.apache.spark.sql.types.DataTypes.DoubleType, false);
        Dataset<Row> frame = SparkTestSession.get().createDataFrame(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
                        .parallelize(rows, 2), schema);
        return () -> new SoftmaxSimdClassifier().setWeightCol("w").setMaxIter(3).fit(frame);
    }

    @Test
    void badWeights() {
        rejected(IllegalArgumentException.class, "column 'w', row 2: weight -1.0 is not a finite number >= 0",
                fitWeighted(1, 1, -1, 1));
        rejected(IllegalArgumentException.class, "column 'w', row 1: weight NaN", fitWeighted(1, Double.NaN, 1));
        rejected(IllegalArgumentException.class, "column 'w', row 0: weight 1.0E300", fitWeighted(1e300, 1));
        rejected(IllegalArgumentException.class, "column 'w': the weights sum to 0.0", fitWeighted(0, 0, 0));
    }

    @Test
    void transformChecksTheVectorSize() {
        SoftmaxSimdClassificationModel model = new SoftmaxSimdClassifier().setMaxIter(3).fit(frame(goodRows(30)));
        rejected(IllegalArgumentException.class, "a vector of size 2, the model has 3 features",
                () -> model.predictRaw(Vectors.dense(1, 2)));
    }
}
