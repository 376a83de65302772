package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The Linear facade: argument checks, and the softmax-regression gradient against central differences. */
class LinearTest {

    @Test
    void badShapesAndOverlapsAreRejectedBeforeWriting() {
        float[] w = new float[12];
        float[] x = new float[4];
        float[] z = {7f, 7f, 7f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linear.logits(x, 0, w, 0, null, 0, w, 0, 3, 4));
        assertTrue(e.getMessage().contains("z [0, 3) overlaps w [0, 12)"), e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                () -> Linear.logits(x, 1, w, 0, null, 0, z, 0, 3, 4));
        assertTrue(o.getMessage().contains("x: offset 1 + length 4"), o.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.logits(x, 0, w, 0, new float[2], 0, z, 0, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> Linear.logits(x, 0, w, 0, null, 0, z, 0, -3, 4));
        assertThrows(IllegalArgumentException.class, () -> Linear.addWeightDecay(w, 0, new float[12], 0, 3, 4,
                Float.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> Linear.accumulateGradient(z, 0, x, 0, w, 0, w, 0, 1, 3, 4, 1f));
        assertThrows(NullPointerException.class, () -> Linear.inputGradient(null, 0, w, 0, x, 0, 1, 3, 4));
        for (float v : z) {
            assertEquals(7f, v);
        }
    }

    /**
     * Softmax regression J(θ) = −(1/m) Σ log p(y|x) + (λ/2)‖W‖²: the gradient assembled from Linear and
     * CrossEntropy equals central differences of J evaluated in float64.
     */
    @Test
    void softmaxRegressionGradientMatchesCentralDifferences() {
        int m = 5;
        int k = 4;
        int d = 19;
        float lambda = 0.1f;
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = RandomArrays.uniform(rng, m * d, -1, 1);
        float[] w = RandomArrays.uniform(rng, k * d, -1, 1);
        float[] b = RandomArrays.uniform(rng, k, -1, 1);
        int[] y = RandomArrays.labels(rng, m, k);
        float[] z = new float[m * k];
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, m, k, d);
        float[] dz = new float[m * k];
        CrossEntropy.lossAndGradientRows(z, 0, y, 0, dz, 0, m, k, CrossEntropy.Options.defaults());
        float[] dw = new float[k * d];
        float[] db = new float[k];
        Linear.accumulateGradient(dz, 0, x, 0, dw, 0, db, 0, m, k, d, 1f);
        Linear.addWeightDecay(w, 0, dw, 0, k, d, lambda);
        double h = 1e-6;
        for (int p = 0; p < k * d + k; p++) {
            double numeric = (objective(x, w, b, y, m, k, d, lambda, p, h) - objective(x, w, b, y, m, k, d, lambda, p,
                    -h))
                    / (2 * h);
            float analytic = p < k * d ? dw[p] : db[p - k * d];
            assertEquals(numeric, analytic, 1e-5, "parameter " + p);
        }
    }

    private static double objective(float[] x, float[] w, float[] b, int[] y, int m, int k, int d, double lambda,
                                    int p, double h) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            double[] z = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                z[c] = b[c] + (p == k * d + c ? h : 0);
                for (int j = 0; j < d; j++) {
                    z[c] += (w[c * d + j] + (p == c * d + j ? h : 0)) * (double) x[i * d + j];
                }
                max = Math.max(max, z[c]);
            }
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - max);
            }
            total += max + Math.log(s) - z[y[i]];
        }
        double reg = 0;
        for (int q = 0; q < k * d; q++) {
            double v = w[q] + (p == q ? h : 0);
            reg += v * v;
        }
        return total / m + lambda / 2 * reg;
    }
}
