package org.softmaxsimd.internal;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.Tolerance;
import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * GEMV, GEMM and the gradient products on both kernel paths against float64 references, on odd shapes
 * (m, K, d in {1, 3, 15, 16, 17, 63, 64, 65, 784}) at non-zero offsets, with the documented bounds.
 */
class LinearEngineTest {

    private static final int[] SIZES = {1, 3, 15, 16, 17, 63, 64, 65, 784};
    private static final int[] ROWS = {1, 3, 17, 65};

    private static float[] random(SplittableRandom rng, int offset, int n) {
        float[] a = new float[offset + n + TestRows.PAD];
        java.util.Arrays.fill(a, Float.NaN);
        for (int i = 0; i < n; i++) {
            a[offset + i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static KernelSupport[] kernels() {
        return new KernelSupport[] {Engines.scalarKernels(), Engines.panamaKernels()};
    }

    /** (d/L + 8)·2^-24·Σ|w x| with L the lanes of the SIMD path (the bound documented in Linear). */
    private static double dotBound(int d, double sumAbs) {
        return (d / (double) Engines.lanes() + 8) * 0x1p-24 * sumAbs + Float.MIN_NORMAL;
    }

    /**
     * Each logit Z[i][c] of a batch against the float64 dot product (with the bias), within {@link #dotBound}.
     * Arrays as in {@code LinearEngine.logitsBatch}, each with its offset.
     */
    static void assertLogitsWithinTheBound(String what, float[] x, int xAt, float[] w, int wAt, float[] b, int bAt,
                                           float[] z, int zAt, int m, int k, int d) {
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < k; c++) {
                double exact = b[bAt + c];
                double sumAbs = Math.abs(b[bAt + c]);
                for (int j = 0; j < d; j++) {
                    double p = (double) w[wAt + c * d + j] * x[xAt + i * d + j];
                    exact += p;
                    sumAbs += Math.abs(p);
                }
                Tolerance.assertClose(what, i * k + c, z[zAt + i * k + c], exact, 0, dotBound(d, sumAbs));
            }
        }
    }

    @Test
    void logitsAndBatchedLogitsMatchTheReference() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int d : SIZES) {
            for (int k : SIZES) {
                float[] w = random(rng, 2, k * d);
                float[] b = random(rng, 1, k);
                for (int m : ROWS) {
                    float[] x = random(rng, 3, m * d);
                    for (KernelSupport ks : kernels()) {
                        LinearEngine engine = new LinearEngine(ks);
                        String what = ks.name() + " m " + m + " K " + k + " d " + d;
                        float[] z = TestRows.output(4, m * k);
                        engine.logitsBatch(x, 3, m, d, w, 2, k, b, 1, z, 4);
                        TestRows.assertUntouchedOutside(what, z, 4, m * k);
                        assertLogitsWithinTheBound(what + " Z", x, 3, w, 2, b, 1, z, 4, m, k, d);
                        if (m == 1) {
                            float[] single = TestRows.output(1, k);
                            engine.logits(w, 2, k, d, x, 3, null, 0, single, 1);
                            TestRows.assertUntouchedOutside(what + " gemv", single, 1, k);
                            for (int c = 0; c < k; c++) {
                                double exact = 0;
                                double sumAbs = 0;
                                for (int j = 0; j < d; j++) {
                                    double p = (double) w[2 + c * d + j] * x[3 + j];
                                    exact += p;
                                    sumAbs += Math.abs(p);
                                }
                                Tolerance.assertClose(what + " z", c, single[1 + c], exact, 0, dotBound(d, sumAbs));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchTheReference() {
        SplittableRandom rng = new SplittableRandom(2);
        float scale = 0.25f;
        for (int d : SIZES) {
            for (int k : SIZES) {
                for (int m : ROWS) {
                    float[] dz = random(rng, 1, m * k);
                    float[] x = random(rng, 2, m * d);
                    float[] w = random(rng, 3, k * d);
                    float[] dw0 = random(rng, 0, k * d);
                    float[] db0 = random(rng, 5, k);
                    float[] firstDw = null;
                    for (KernelSupport ks : kernels()) {
                        LinearEngine engine = new LinearEngine(ks);
                        String what = ks.name() + " m " + m + " K " + k + " d " + d;
                        float[] dw = dw0.clone();
                        float[] db = db0.clone();
                        engine.accumulateGradient(dz, 1, m, k, x, 2, d, scale, dw, 0, db, 5);
                        // Both paths chain the same fused multiply-adds in the same order: equal bits.
                        if (firstDw == null) {
                            firstDw = dw.clone();
                        } else {
                            org.junit.jupiter.api.Assertions.assertArrayEquals(firstDw, dw, what + " dW, scalar vs SIMD");
                        }
                        for (int c = 0; c < k; c++) {
                            for (int j = 0; j < d; j++) {
                                double exact = dw0[c * d + j];
                                double sumAbs = Math.abs(exact);
                                for (int i = 0; i < m; i++) {
                                    double p = (double) scale * dz[1 + i * k + c] * x[2 + i * d + j];
                                    exact += p;
                                    sumAbs += Math.abs(p);
                                }
                                double bound = (m / 4.0 + 4) * 0x1p-23 * sumAbs;
                                Tolerance.assertClose(what + " dW", c * d + j, dw[c * d + j], exact, 0, bound);
                            }
                            double exactB = db0[5 + c];
                            double sumAbsB = Math.abs(exactB);
                            for (int i = 0; i < m; i++) {
                                exactB += (double) scale * dz[1 + i * k + c];
                                sumAbsB += Math.abs(scale * dz[1 + i * k + c]);
                            }
                            Tolerance.assertClose(what + " db", c, db[5 + c], exactB, 0, (m + 2) * 0x1p-23 * sumAbsB);
                        }
                        float[] dx = TestRows.output(6, m * d);
                        engine.inputGradient(dz, 1, m, k, w, 3, d, dx, 6);
                        TestRows.assertUntouchedOutside(what + " dX", dx, 6, m * d);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < d; j++) {
                                double exact = 0;
                                double sumAbs = 0;
                                for (int c = 0; c < k; c++) {
                                    double p = (double) dz[1 + i * k + c] * w[3 + c * d + j];
                                    exact += p;
                                    sumAbs += Math.abs(p);
                                }
                                double bound = (k / 4.0 + 4) * 0x1p-23 * sumAbs + Float.MIN_NORMAL;
                                Tolerance.assertClose(what + " dX", i * d + j, dx[6 + i * d + j], exact, 0, bound);
                            }
                        }
                        float[] decayed = dw0.clone();
                        engine.addWeightDecay(w, 3, k * d, 0.5f, decayed, 0);
                        for (int i = 0; i < k * d; i++) {
                            double exact = dw0[i] + 0.5 * w[3 + i];
                            Tolerance.assertClose(what + " decay", i, decayed[i], exact, 0x1p-23, 0x1p-24 * Math.abs(dw0[i]));
                        }
                    }
                }
            }
        }
    }
}
