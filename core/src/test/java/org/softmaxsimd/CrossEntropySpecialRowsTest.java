package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Cross-entropy rows whose max is not finite, with probability targets and with label smoothing and class
 * weights: the loss and gradient are those of the softmax limits (the +∞ entries share the mass, NaN gives
 * NaN, a row of −∞ gives NaN), computed here in float64 from the formulas of the javadoc.
 */
class CrossEntropySpecialRowsTest {

    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void targetRowsWithInfinitiesShareTheMassAmongThem() {
        float[] logits = {0f, INF, -3f, INF, 2f};
        float[] targets = {0f, 0.25f, 0f, 0.5f, 0f};
        float[] d = new float[5];
        float loss = CrossEntropy.lossAndGradientRows(logits, 0, targets, 0, d, 0, 1, 5, Reduction.SUM);
        // p = (0, ½, 0, ½, 0): loss = −0.25·log ½ − 0.5·log ½; d = p·Σt − t.
        assertEquals(0.75 * Math.log(2), loss, 1e-6);
        double[] p = {0, 0.5, 0, 0.5, 0};
        for (int k = 0; k < 5; k++) {
            assertEquals(p[k] * 0.75 - targets[k], d[k], 1e-7, "gradient " + k);
        }
        assertEquals(loss, CrossEntropy.lossRows(logits, 0, targets, 0, 1, 5, Reduction.SUM), 0);
        // A target on a class of probability 0 costs +∞.
        targets[0] = 0.25f;
        assertEquals(INF, CrossEntropy.lossAndGradientRows(logits, 0, targets, 0, d, 0, 1, 5, Reduction.SUM));
        assertEquals(p[0] - 0.25, d[0], 1e-7);
        // MEAN divides the loss and the gradient by the number of rows.
        float[] two = {0f, INF, -3f, INF, 2f, 1f, 2f, 3f, 4f, 5f};
        float[] t2 = {0f, 0.25f, 0f, 0.5f, 0f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f};
        float[] d2 = new float[10];
        float mean = CrossEntropy.lossAndGradientRows(two, 0, t2, 0, d2, 0, 2, 5, Reduction.MEAN);
        float[] d2sum = new float[10];
        float sum = CrossEntropy.lossAndGradientRows(two, 0, t2, 0, d2sum, 0, 2, 5, Reduction.SUM);
        assertEquals(sum / 2, mean, 1e-6);
        for (int i = 0; i < 10; i++) {
            assertEquals(d2sum[i] / 2, d2[i], 1e-7, "mean gradient " + i);
        }
    }

    @Test
    void targetRowsWithNaNOrOnlyMinusInfinityAreNaN() {
        float[] d = new float[3];
        float[] t = {0.2f, 0.3f, 0.5f};
        assertTrue(Float.isNaN(CrossEntropy.lossAndGradientRows(new float[] {1f, Float.NaN, 2f}, 0, t, 0, d, 0, 1, 3,
                Reduction.SUM)));
        for (float v : d) {
            assertTrue(Float.isNaN(v), "NaN gradient");
        }
        float minus = Float.NEGATIVE_INFINITY;
        assertTrue(Float.isNaN(CrossEntropy.lossAndGradientRows(new float[] {minus, minus, minus}, 0, t, 0, d, 0, 1,
                3, Reduction.SUM)));
        assertTrue(Float.isNaN(CrossEntropy.lossRows(new float[] {minus, minus, minus}, 0, t, 0, 1, 3,
                Reduction.SUM)));
    }

    @Test
    void smoothedWeightedRowsWithInfinitiesFollowTheLimitFormula() {
        float[] logits = {INF, 1f, INF, -2f};
        float[] weights = {0.5f, 2f, 1f, 3f};
        float smoothing = 0.2f;
        int label = 2;
        CrossEntropy.Options options = CrossEntropy.Options.defaults().withReduction(Reduction.SUM)
                .withLabelSmoothing(smoothing).withClassWeights(weights);
        float[] d = new float[4];
        float loss = CrossEntropy.lossAndGradientRows(logits, 0, new int[] {label}, 0, d, 0, 1, 4, options);
        double[] p = {0.5, 0, 0.5, 0};
        double keep = 1 - (double) smoothing;
        double spread = (double) smoothing / 4;
        double weightTotal = 0.5 + 2 + 1 + 3;
        // Classes of probability 0 carry smoothing mass: the loss is +∞.
        assertEquals(INF, loss);
        for (int k = 0; k < 4; k++) {
            double g = keep * weights[label] * (p[k] - (k == label ? 1 : 0)) + spread * (weightTotal * p[k] - weights[k]);
            assertEquals(g, d[k], 1e-7, "gradient " + k);
        }
        // Without smoothing only the label counts: −w_y·log ½, divided by w_y under MEAN.
        CrossEntropy.Options weighted = CrossEntropy.Options.defaults().withClassWeights(weights);
        float mean = CrossEntropy.lossAndGradientRows(logits, 0, new int[] {label}, 0, d, 0, 1, 4, weighted);
        assertEquals(Math.log(2), mean, 1e-6);
        for (int k = 0; k < 4; k++) {
            assertEquals(p[k] - (k == label ? 1 : 0), d[k], 1e-7, "weighted mean gradient " + k);
        }
    }

    @Test
    void smoothedFiniteRowsMatchTheFormula() {
        float[] logits = {0.5f, -1f, 2f, 0f, 1.5f};
        float[] weights = {1f, 0.5f, 2f, 1f, 1.5f};
        float smoothing = 0.1f;
        int label = 4;
        float[] d = new float[5];
        CrossEntropy.Options options = CrossEntropy.Options.defaults().withReduction(Reduction.SUM)
                .withLabelSmoothing(smoothing).withClassWeights(weights);
        float loss = CrossEntropy.lossAndGradientRows(logits, 0, new int[] {label}, 0, d, 0, 1, 5, options);
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v);
        }
        double keep = 1 - (double) smoothing;
        double spread = (double) smoothing / 5;
        double weightTotal = 6;
        double expected = keep * weights[label] * -Math.log(Math.exp(logits[label]) / sum);
        for (int k = 0; k < 5; k++) {
            expected += spread * weights[k] * -Math.log(Math.exp(logits[k]) / sum);
        }
        assertEquals(expected, loss, 1e-6 * expected);
        for (int k = 0; k < 5; k++) {
            double pk = Math.exp(logits[k]) / sum;
            double g = keep * weights[label] * (pk - (k == label ? 1 : 0)) + spread * (weightTotal * pk - weights[k]);
            assertEquals(g, d[k], 1e-6, "gradient " + k);
        }
    }
}
