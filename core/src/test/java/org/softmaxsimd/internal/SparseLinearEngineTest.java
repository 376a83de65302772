package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * The CSR logits and gradient on both kernel paths against float64 references: every class count 0..4L+3 and
 * 1000, rows with 0, 1, a few and many non-zeros, every array at a non-zero offset, the documented bound
 * nnz·2^-24·(|b| + Σ|x·w|), nothing written outside the output slices, and bitwise agreement of the two paths
 * (one fused multiply-add per term on both).
 */
class SparseLinearEngineTest {

    private static final int FEATURES = 40;
    private static final int[] NON_ZEROS = {0, 1, 3, 17, 40};

    @Test
    void logitsAndGradientMatchTheReferenceOnBothPaths() {
        SplittableRandom random = new SplittableRandom(7);
        int lanes = Engines.lanes();
        int checked = 0;
        for (int classes = 0; classes <= 4 * lanes + 4; classes++) {
            int k = classes == 4 * lanes + 4 ? 1000 : classes;
            Csr csr = Csr.random(random, NON_ZEROS, FEATURES);
            int rows = NON_ZEROS.length;
            float[] wt = fill(random, 3, FEATURES * k);
            float[] b = fill(random, 2, k);
            float[] dz = fill(random, 4, rows * k);
            float[][] z = new float[2][];
            float[][] dwt = new float[2][];
            float[][] db = new float[2][];
            KernelSupport[] paths = {Engines.scalarKernels(), Engines.panamaKernels()};
            for (int p = 0; p < 2; p++) {
                SparseLinearEngine engine = new SparseLinearEngine(paths[p]);
                String what = paths[p].name() + " K " + k;
                z[p] = TestRows.output(5, rows * k);
                engine.logitsRows(csr.rowStart, 2, csr.index, csr.value, wt, 3, b, 2, z[p], 5, rows, k);
                TestRows.assertUntouchedOutside(what, z[p], 5, rows * k);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < k; c++) {
                        double exact = b[2 + c];
                        double abs = Math.abs(b[2 + c]);
                        for (int n = csr.rowStart[2 + r]; n < csr.rowStart[3 + r]; n++) {
                            double term = (double) csr.value[n] * wt[3 + csr.index[n] * k + c];
                            exact += term;
                            abs += Math.abs(term);
                        }
                        int nnz = csr.rowStart[3 + r] - csr.rowStart[2 + r];
                        assertEquals(exact, z[p][5 + r * k + c], nnz * 0x1p-24 * abs + Float.MIN_NORMAL,
                                what + " logit " + r + "," + c);
                        checked++;
                    }
                }
                dwt[p] = TestRows.output(1, FEATURES * k);
                java.util.Arrays.fill(dwt[p], 1, 1 + FEATURES * k, 0.5f);
                db[p] = TestRows.output(3, k);
                java.util.Arrays.fill(db[p], 3, 3 + k, -0.25f);
                engine.accumulateGradient(dz, 4, csr.rowStart, 2, csr.index, csr.value, dwt[p], 1, db[p], 3, rows, k,
                        0.75f);
                TestRows.assertUntouchedOutside(what, dwt[p], 1, FEATURES * k);
                TestRows.assertUntouchedOutside(what, db[p], 3, k);
                double[] exactDwt = new double[FEATURES * k];
                double[] absDwt = new double[FEATURES * k];
                java.util.Arrays.fill(exactDwt, 0.5);
                java.util.Arrays.fill(absDwt, 0.5);
                for (int r = 0; r < rows; r++) {
                    for (int n = csr.rowStart[2 + r]; n < csr.rowStart[3 + r]; n++) {
                        for (int c = 0; c < k; c++) {
                            double term = 0.75 * csr.value[n] * dz[4 + r * k + c];
                            exactDwt[csr.index[n] * k + c] += term;
                            absDwt[csr.index[n] * k + c] += Math.abs(term);
                        }
                    }
                }
                for (int i = 0; i < FEATURES * k; i++) {
                    assertEquals(exactDwt[i], dwt[p][1 + i], rows * 0x1p-23 * absDwt[i], what + " dWt " + i);
                }
                for (int c = 0; c < k; c++) {
                    double exact = -0.25;
                    double abs = 0.25;
                    for (int r = 0; r < rows; r++) {
                        exact += 0.75 * dz[4 + r * k + c];
                        abs += Math.abs(0.75 * dz[4 + r * k + c]);
                    }
                    assertEquals(exact, db[p][3 + c], rows * 0x1p-23 * abs, what + " db " + c);
                }
            }
            assertBitwise(z[0], z[1], "logits K " + k);
            assertBitwise(dwt[0], dwt[1], "dWt K " + k);
            assertBitwise(db[0], db[1], "db K " + k);
        }
        assertEquals(true, checked > 10_000, "logits checked: " + checked);
    }

    @Test
    void withoutABiasTheLogitsStartFromZero() {
        SplittableRandom random = new SplittableRandom(8);
        Csr csr = Csr.random(random, new int[] {2, 0}, 5);
        float[] wt = fill(random, 0, 5 * 3);
        float[] z = new float[6];
        java.util.Arrays.fill(z, 9f);
        new SparseLinearEngine(Engines.panamaKernels()).logitsRows(csr.rowStart, 2, csr.index, csr.value, wt, 0, null,
                0, z, 0, 2, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, z[3 + c], "an empty row has logits 0");
        }
    }

    private static void assertBitwise(float[] a, float[] b, String what) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(what + ": scalar and panama differ at " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
    }

    private static float[] fill(SplittableRandom random, int offset, int n) {
        float[] a = new float[offset + n + TestRows.PAD];
        java.util.Arrays.fill(a, Float.NaN);
        for (int i = 0; i < n; i++) {
            a[offset + i] = (float) random.nextDouble(-1, 1);
        }
        return a;
    }

    /** CSR rows behind two unused rowStart entries, their non-zeros after three unused slots. */
    static final class Csr {
        final int[] rowStart;
        final int[] index;
        final float[] value;

        Csr(int[] rowStart, int[] index, float[] value) {
            this.rowStart = rowStart;
            this.index = index;
            this.value = value;
        }

        static Csr random(SplittableRandom random, int[] nonZeros, int features) {
            int total = 0;
            for (int n : nonZeros) {
                total += n;
            }
            int[] rowStart = new int[2 + nonZeros.length + 1 + 2];
            int[] index = new int[3 + total + 2];
            float[] value = new float[3 + total + 2];
            java.util.Arrays.fill(value, Float.NaN);
            java.util.Arrays.fill(index, -1);
            int at = 3;
            for (int r = 0; r < nonZeros.length; r++) {
                rowStart[2 + r] = at;
                boolean[] used = new boolean[features];
                for (int n = 0; n < nonZeros[r]; n++) {
                    int j;
                    do {
                        j = random.nextInt(features);
                    } while (used[j]);
                    used[j] = true;
                }
                for (int j = 0; j < features; j++) {
                    if (used[j]) {
                        index[at] = j;
                        value[at] = (float) random.nextDouble(-2, 2);
                        at++;
                    }
                }
            }
            rowStart[2 + nonZeros.length] = at;
            return new Csr(rowStart, index, value);
        }
    }
}
