package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load of the estimator, the model, and both inside a Pipeline, with Spark's own readers. */
class PersistenceTest {

    private static final org.softmaxsimd.train.Dataset DATA = SparkTestSession.clusters(600, 6, 3, 5);

    private static SoftmaxSimdClassifier estimator() {
        return new SoftmaxSimdClassifier().setRegParam(1e-2).setMaxIter(30).setPivot(true)
                .setProbabilityCol("p");
    }

    private static void assertSameOutput(Dataset<Row> a, Dataset<Row> b) {
        List<Row> x = a.select("rawPrediction", "p", "prediction").collectAsList();
        List<Row> y = b.select("rawPrediction", "p", "prediction").collectAsList();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            Bits.assertBitwise(((Vector) x.get(i).get(1)).toArray(), ((Vector) y.get(i).get(1)).toArray(), "row " + i);
            assertEquals(x.get(i).getDouble(2), y.get(i).getDouble(2));
        }
    }

    @Test
    void modelRoundTrip(@TempDir Path dir) throws Exception {
        Dataset<Row> frame = SparkTestSession.frame(DATA, 2, false);
        SoftmaxSimdClassificationModel model = estimator().fit(frame);
        String path = dir.resolve("model").toString();
        model.write().save(path);
        SoftmaxSimdClassificationModel loaded = SoftmaxSimdClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("p", loaded.getProbabilityCol());
        assertTrue(loaded.hasPivot());
        assertTrue(loaded.hasIntercept());
        assertFalse(loaded.hasSummary(), "summaries are not saved");
        Bits.assertBitwise(model.toSoftmaxRegression().parameters(), loaded.toSoftmaxRegression().parameters(),
                "coefficients");
        assertSameOutput(model.transform(frame), loaded.transform(frame));
    }

    @Test
    void estimatorRoundTrip(@TempDir Path dir) throws Exception {
        SoftmaxSimdClassifier e = estimator().setMemory(7).setFeaturesCol("features");
        String path = dir.resolve("estimator").toString();
        e.write().session(SparkTestSession.get()).save(path);
        SoftmaxSimdClassifier loaded = SoftmaxSimdClassifier.load(path);
        assertEquals(e.uid(), loaded.uid());
        assertEquals(1e-2, loaded.getRegParam());
        assertEquals(30, loaded.getMaxIter());
        assertEquals(7, loaded.getMemory());
        assertTrue(loaded.getPivot());
        assertEquals("p", loaded.getProbabilityCol());
    }

    @Test
    void pipelineRoundTrip(@TempDir Path dir) throws Exception {
        Dataset<Row> frame = SparkTestSession.frame(DATA, 3, false);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {estimator()});
        pipeline.write().save(dir.resolve("pipeline").toString());
        Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
        PipelineModel fitted = loadedPipeline.fit(frame);
        String path = dir.resolve("pipeline-model").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertTrue(loaded.stages()[0] instanceof SoftmaxSimdClassificationModel);
        assertSameOutput(fitted.transform(frame), loaded.transform(frame));
    }
}
