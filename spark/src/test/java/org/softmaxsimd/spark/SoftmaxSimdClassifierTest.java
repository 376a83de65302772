package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;
import org.softmaxsimd.train.SparseDataset;
import org.softmaxsimd.train.SparseSoftmaxObjective;

/**
 * The estimator end to end on real Spark (local[2]): reproducible across partitionings and repeated fits,
 * equal to a local fit with core, sparse = dense, transform like MLlib's, params like MLlib's.
 */
class SoftmaxSimdClassifierTest {

    private static final int ROWS = 1500;
    private static final int FEATURES = 20;
    private static final int CLASSES = 4;
    private static org.softmaxsimd.train.Dataset data;

    @BeforeAll
    static void warmUp() {
        data = SparkTestSession.clusters(ROWS, FEATURES, CLASSES, 11);
        // JDK 23+ sums vector lanes in another order before C2 compiles the kernels: compare warm fits only.
        localFit(data, 1e-3, 60);
    }

    static SoftmaxSimdClassifier estimator() {
        return new SoftmaxSimdClassifier().setRegParam(1e-3).setMaxIter(60);
    }

    static float[] localFit(org.softmaxsimd.train.Dataset rows, double lambda, int maxIter) {
        SoftmaxRegression model = new SoftmaxRegression(CLASSES, rows.features(), SoftmaxRegression.Options.defaults());
        try (SoftmaxObjective objective = new SoftmaxObjective(model, rows, lambda, 2)) {
            double[] theta = objective.parametersOf(model);
            new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(maxIter)).minimize(objective, theta, rows.rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
        }
        return model.parameters();
    }

    @Test
    void bitwiseIdenticalForAnyPartitioningRepeatedAndEqualToTheLocalFit() {
        float[] local = localFit(data, 1e-3, 60);
        for (int partitions : new int[] {1, 2, 3, 7, 2}) {
            SoftmaxSimdClassificationModel model = estimator().fit(SparkTestSession.frame(data, partitions, false));
            Bits.assertBitwise(local, model.toSoftmaxRegression().parameters(),
                    partitions + " partitions: coefficients equal to the local fit");
        }
    }

    @Test
    void sparseVectorsStoredDenseTrainAndPredictAsDense() {
        Dataset<Row> dense = SparkTestSession.frame(data, 3, false);
        Dataset<Row> sparse = SparkTestSession.frame(data, 3, true);
        SoftmaxSimdClassificationModel fromDense = estimator().fit(dense);
        SoftmaxSimdClassificationModel fromSparse = estimator().setFeatureStorage("dense").fit(sparse);
        Bits.assertBitwise(fromDense.toSoftmaxRegression().parameters(), fromSparse.toSoftmaxRegression().parameters(),
                "sparse vectors stored dense = dense coefficients");
        List<Row> a = fromDense.transform(dense).select("probability", "prediction").collectAsList();
        List<Row> b = fromDense.transform(sparse).select("probability", "prediction").collectAsList();
        for (int i = 0; i < a.size(); i++) {
            Bits.assertBitwise(((Vector) a.get(i).get(0)).toArray(), ((Vector) b.get(i).get(0)).toArray(), "row " + i);
            assertEquals(a.get(i).getDouble(1), b.get(i).getDouble(1));
        }
    }

    /** Sparse vectors are packed in CSR form (auto), never densified: the local sparse fit, bitwise, for any cut. */
    @Test
    void sparseVectorsStoredSparseEqualTheLocalSparseFit() {
        SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
        SparseDataset csr = SparseDataset.of(data);
        try (SparseSoftmaxObjective objective = new SparseSoftmaxObjective(model, csr, 1e-3, 2)) {
            double[] theta = objective.parametersOf(model);
            new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(60)).minimize(objective, theta, csr.rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
        }
        for (int partitions : new int[] {1, 3}) {
            SoftmaxSimdClassificationModel fit = estimator().fit(SparkTestSession.frame(data, partitions, true));
            Bits.assertBitwise(model.parameters(), fit.toSoftmaxRegression().parameters(),
                    partitions + " partitions: the local sparse fit's coefficients");
        }
        SoftmaxSimdClassificationModel dense = estimator().fit(SparkTestSession.frame(data, 2, false));
        double jSparse = model.objective(data, 1e-3);
        double jDense = dense.toSoftmaxRegression().objective(data, 1e-3);
        assertEquals(jDense, jSparse, 1e-6 * jDense, "the same objective as the dense fit");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> estimator().setPivot(true).fit(SparkTestSession.frame(data, 2, true)));
        assertTrue(e.getMessage().contains("does not support pivot"), e.getMessage());
    }

    @Test
    void transformAddsRawPredictionProbabilityAndTheArgmax() {
        Dataset<Row> frame = SparkTestSession.frame(data, 2, false);
        SoftmaxSimdClassificationModel model = estimator().fit(frame);
        List<Row> rows = model.transform(frame).select("rawPrediction", "probability", "prediction", "label")
                .collectAsList();
        int correct = 0;
        for (Row row : rows) {
            double[] raw = ((Vector) row.get(0)).toArray();
            double[] p = ((Vector) row.get(1)).toArray();
            assertEquals(CLASSES, p.length);
            double sum = 0;
            int argmax = 0;
            for (int k = 0; k < p.length; k++) {
                assertTrue(p[k] >= 0 && p[k] <= 1, "p = " + p[k]);
                sum += p[k];
                argmax = p[k] > p[argmax] ? k : argmax;
            }
            assertEquals(1.0, sum, 1e-12, "probabilities sum to 1");
            assertEquals(argmax, (int) row.getDouble(2), "prediction = argmax of the probabilities");
            int rawArgmax = 0;
            for (int k = 0; k < raw.length; k++) {
                rawArgmax = raw[k] > raw[rawArgmax] ? k : rawArgmax;
            }
            assertEquals(argmax, rawArgmax, "the raw prediction has the same argmax");
            correct += argmax == (int) row.getDouble(3) ? 1 : 0;
        }
        assertTrue(correct > 0.8 * ROWS, "training accuracy " + (double) correct / ROWS);
        assertEquals(CLASSES, model.numClasses());
        assertEquals(FEATURES, model.numFeatures());
        assertEquals(CLASSES, model.coefficientMatrix().numRows());
        assertEquals(FEATURES, model.coefficientMatrix().numCols());
        assertEquals(CLASSES, model.interceptVector().size());
        float[] p = model.toSoftmaxRegression().parameters();
        assertEquals(p[FEATURES + 3], model.coefficientMatrix().apply(1, 3), 0.0, "W row-major: W[1][3]");
        assertEquals(p[CLASSES * FEATURES + 2], model.interceptVector().apply(2), 0.0);
    }

    @Test
    void summaryReportsHistoryIterationsAndTheExecutorKernels() {
        SoftmaxSimdClassificationModel model = estimator().fit(SparkTestSession.frame(data, 2, false));
        SoftmaxSimdTrainingSummary summary = model.summary();
        double[] history = summary.objectiveHistory();
        assertEquals(summary.totalIterations() + 1, history.length);
        assertEquals(Math.log(CLASSES), history[0], 1e-6, "J at θ = 0 is log K");
        for (int i = 1; i < history.length; i++) {
            assertTrue(history[i] <= history[i - 1], "L-BFGS never increases J: " + history[i] + " after "
                    + history[i - 1]);
        }
        assertEquals(List.of(Softmax.implementation() + ", " + Softmax.lanes() + " float lanes"),
                summary.executorKernels());
        assertEquals("panama", Softmax.implementation(), "the Spark tests run with the vector module");
        assertTrue(summary.evaluations() > summary.totalIterations());
    }

    @Test
    void paramsFollowMllibConventions() {
        SoftmaxSimdClassifier e = new SoftmaxSimdClassifier();
        assertEquals(0.0, e.getRegParam());
        assertTrue(e.getFitIntercept());
        assertFalse(e.getPivot());
        assertEquals("features", e.getFeaturesCol());
        assertEquals("label", e.getLabelCol());
        assertEquals("probability", e.getProbabilityCol());
        assertEquals("rawPrediction", e.getRawPredictionCol());
        assertEquals("prediction", e.getPredictionCol());
        e.setFeaturesCol("x").setLabelCol("y");
        e.setRegParam(0.5).setFitIntercept(false).setMaxIter(7).setTol(1e-4).setMemory(5).setPivot(true);
        SoftmaxSimdClassifier copy = e.copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals(e.uid(), copy.uid());
        assertEquals(0.5, copy.getRegParam());
        assertEquals("x", copy.getFeaturesCol());
        assertEquals(7, copy.getMaxIter());
        assertEquals(5, copy.getMemory());
        assertTrue(copy.getPivot());
        String explained = e.explainParams();
        for (String name : new String[] {"regParam", "fitIntercept", "maxIter", "tol", "memory", "pivot", "weightCol",
                "featuresCol", "labelCol", "probabilityCol", "rawPredictionCol", "predictionCol"}) {
            assertTrue(explained.contains(name + ":"), name + " in\n" + explained);
        }
    }

    /** Integer weights are the same objective as repeating the rows: the same optimum. */
    @Test
    void weightTwoIsARepeatedRow() {
        org.softmaxsimd.train.Dataset small = SparkTestSession.clusters(400, 6, 3, 21);
        int d = small.features();
        java.util.List<Row> weighted = new java.util.ArrayList<>();
        java.util.List<float[]> repeated = new java.util.ArrayList<>();
        java.util.List<Integer> repeatedLabels = new java.util.ArrayList<>();
        for (int i = 0; i < small.rows(); i++) {
            float[] x = java.util.Arrays.copyOfRange(small.x(), i * d, (i + 1) * d);
            double[] dx = new double[d];
            for (int j = 0; j < d; j++) {
                dx[j] = x[j];
            }
            double w = i % 3 == 0 ? 2 : 1;
            weighted.add(org.apache.spark.sql.RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(dx),
                    (double) small.labels()[i], w));
            for (int copy = 0; copy < w; copy++) {
                repeated.add(x);
                repeatedLabels.add(small.labels()[i]);
            }
        }
        float[] rx = new float[repeated.size() * d];
        int[] ry = new int[repeated.size()];
        for (int i = 0; i < repeated.size(); i++) {
            System.arraycopy(repeated.get(i), 0, rx, i * d, d);
            ry[i] = repeatedLabels.get(i);
        }
        org.apache.spark.sql.types.StructType schema = SparkTestSession.SCHEMA.add("w",
                org.apache.spark.sql.types.DataTypes.DoubleType, false);
        Dataset<Row> frame = SparkTestSession.get().createDataFrame(org.apache.spark.api.java.JavaSparkContext
                .fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(weighted, 3), schema);
        SoftmaxSimdClassificationModel w = new SoftmaxSimdClassifier().setRegParam(1e-2).setWeightCol("w").fit(frame);
        SoftmaxSimdClassificationModel r = new SoftmaxSimdClassifier().setRegParam(1e-2)
                .fit(SparkTestSession.frame(new org.softmaxsimd.train.Dataset(rx, ry, d), 3, false));
        double[] hw = w.summary().objectiveHistory();
        double[] hr = r.summary().objectiveHistory();
        double jw = hw[hw.length - 1];
        double jr = hr[hr.length - 1];
        assertEquals(jr, jw, 1e-6 * jr, "the same optimum");
        float[] pw = w.toSoftmaxRegression().parameters();
        float[] pr = r.toSoftmaxRegression().parameters();
        for (int j = 0; j < pw.length; j++) {
            assertEquals(pr[j], pw[j], 2e-3, "parameter " + j);
        }
    }
}
