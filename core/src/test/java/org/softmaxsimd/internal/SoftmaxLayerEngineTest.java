package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.RandomArrays;
import org.softmaxsimd.SoftmaxLayer;
import org.softmaxsimd.Tolerance;

/** The fused, streaming softmax layer against a float64 reference of the unfused computation. */
class SoftmaxLayerEngineTest {

    @Test
    void fusedStepMatchesTheFloat64Reference() {
        SplittableRandom rng = new SplittableRandom(8);
        // 70 rows: a full tile (whole panels of the GEMM panel kernel where it has them) and a short one.
        int[][] shapes = {{1, 3, 5}, {9, 513, 17}, {17, 1100, 64}, {8, SoftmaxLayerEngine.CLASS_BLOCK, 33},
            {70, 600, 40}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int d = shape[2];
            float[] x = RandomArrays.uniform(rng, m * d, -1, 1);
            float[] w = RandomArrays.uniform(rng, k * d, -1, 1);
            float[] b = RandomArrays.uniform(rng, k, -1, 1);
            int[] labels = RandomArrays.labels(rng, m, k);
            double[] refDw = new double[k * d];
            double[] refDb = new double[k];
            double refLoss = 0;
            for (int i = 0; i < m; i++) {
                double[] z = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    z[c] = b[c];
                    for (int j = 0; j < d; j++) {
                        z[c] += (double) w[c * d + j] * x[i * d + j];
                    }
                    max = Math.max(max, z[c]);
                }
                double s = 0;
                for (double v : z) {
                    s += Math.exp(v - max);
                }
                refLoss += Math.log(s) + max - z[labels[i]];
                for (int c = 0; c < k; c++) {
                    double g = (Math.exp(z[c] - max) / s - (c == labels[i] ? 1 : 0)) / m;
                    refDb[c] += g;
                    for (int j = 0; j < d; j++) {
                        refDw[c * d + j] += g * x[i * d + j];
                    }
                }
            }
            refLoss /= m;
            for (Engines.Named e : new Engines.Named[] {Engines.all().get(0), Engines.all().get(3)}) {
                SoftmaxLayerEngine engine = new SoftmaxLayerEngine(e.engine);
                float[] dw = new float[k * d];
                float[] db = new float[k];
                float loss = engine.lossAndGradient(x, 0, m, d, w, 0, k, b, 0, labels, 0, dw, 0, db, 0,
                        new SoftmaxLayerEngine.Workspace());
                String what = e + " m " + m + " K " + k + " d " + d;
                Tolerance.assertClose(what + " loss", -1, loss, refLoss, 2e-6, 1e-6);
                // Gradient entries: logits carry (d/L + 8)·2^-24·Σ|w x| ≤ ~1e-6·d absolute error, which moves
                // p by as much relatively; then the folds of m rows add (m/4 + 4)·2^-23 relative.
                double abs = (d + 8) * 1e-7 / m + 1e-7;
                for (int i = 0; i < k * d; i++) {
                    Tolerance.assertClose(what + " dW", i, dw[i], refDw[i], 1e-5, abs);
                }
                for (int c = 0; c < k; c++) {
                    Tolerance.assertClose(what + " db", c, db[c], refDb[c], 1e-5, abs);
                }
            }
        }
    }

    @Test
    void facadeChecksLabelsBeforeWriting() {
        float[] dw = new float[6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxLayer.lossAndGradient(new float[2], 0, new float[6], 0, null, 0, new int[] {3}, 0, dw, 0,
                        null, 0, 1, 3, 2, new SoftmaxLayer.Workspace()));
        assertEquals("labels[0] = 3 is outside [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxLayer.lossAndGradient(new float[2], 0, new float[6], 0, null, 0, new int[] {0}, 0, dw, 0,
                        dw, 0, 1, 3, 2, new SoftmaxLayer.Workspace()));
        for (float v : dw) {
            assertEquals(0f, v);
        }
    }
}
