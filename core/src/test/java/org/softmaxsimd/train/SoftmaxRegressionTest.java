package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.Logistic;

class SoftmaxRegressionTest {

    @Test
    void twoClassesWithAPivotIsLogisticRegression() {
        // θ₂ = 0 (pivot): p(class 0 | x) = σ(θ₁·x + b₁).
        float[] parameters = {0.5f, -1.25f, 2f, 0f, 0f, 0f, 0.75f, 0f};
        SoftmaxRegression model = new SoftmaxRegression(2, 3, SoftmaxRegression.Options.defaults().withPivot(true),
                parameters);
        float[] x = {1f, 0.5f, -0.25f};
        float[] p = new float[2];
        model.predictProba(x, 0, p, 0);
        float[] z = {0.5f - 0.625f - 0.5f + 0.75f};
        float[] sigmoid = new float[1];
        Logistic.sigmoid(z, 0, sigmoid, 0, 1);
        assertEquals(sigmoid[0], p[0], 1e-6f);
        assertEquals(1 - sigmoid[0], p[1], 1e-6f);
        assertEquals(0, model.predict(x, 0));
    }

    @Test
    void predictionsOfABatchMatchSingleRows() {
        Dataset data = TrainingData.clusters(150, 5, 4, 2);
        SoftmaxRegression model = new SoftmaxRegression(4, 5, SoftmaxRegression.Options.defaults());
        for (int i = 0; i < model.parameters().length; i++) {
            model.parameters()[i] = (float) Math.sin(i);
        }
        int[] batch = model.predict(data);
        for (int r = 0; r < data.rows(); r++) {
            assertEquals(model.predict(data.x(), r * 5), batch[r], "row " + r);
        }
    }

    @Test
    void batchProbabilitiesMatchSingleRowsWithinTheSoftmaxBound() {
        // 150 rows: blocks of 64 and a last block of 22, with 4 classes (the batched softmax's narrow rows).
        Dataset data = TrainingData.clusters(150, 5, 4, 2);
        SoftmaxRegression model = new SoftmaxRegression(4, 5, SoftmaxRegression.Options.defaults());
        for (int i = 0; i < model.parameters().length; i++) {
            model.parameters()[i] = (float) Math.sin(i);
        }
        float[] batch = model.predictProba(data);
        assertEquals(150 * 4, batch.length);
        float[] single = new float[4];
        for (int r = 0; r < data.rows(); r++) {
            model.predictProba(data.x(), r * 5, single, 0);
            for (int k = 0; k < 4; k++) {
                org.softmaxsimd.Tolerance.assertClose("row " + r, k, batch[r * 4 + k], single[k],
                        2 * org.softmaxsimd.Tolerance.PROB_REL, org.softmaxsimd.Tolerance.FLUSH_ABS);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxRegression(4, 6, SoftmaxRegression.Options.defaults()).predictProba(data));
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(1, 3,
                SoftmaxRegression.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(2, 0,
                SoftmaxRegression.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(2, 3,
                SoftmaxRegression.Options.defaults(), new float[6]));
        assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxRegression(2, 1, SoftmaxRegression.Options.defaults().withBias(false).withPivot(true),
                        new float[] {1f, 1f}));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[5], new int[2], 3));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[6], new int[] {0, -1}, 3));
    }
}
