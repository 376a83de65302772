package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * The panel kernel of the batched logits ({@link KernelSupport#logitsRows}): which shapes it takes (with 16 lanes:
 * whole panels of 32 rows from 256 classes, or from 4 when the features are not a multiple of 16; with fewer
 * lanes none, and the run says so rather than
 * skipping), the order of its sums bit for bit against a float emulation written here (chunks of 4 features, groups
 * of 16, blocks of 1024), special values included, and the whole batch through the engine against float64 within
 * the bound of {@code Linear}, nothing written outside Z's slice.
 */
class LogitsPanelsTest {

    private static final int PANEL_ROWS = 32;
    private static final int MIN_CLASSES = 256;
    private static final int MIN_CLASSES_RAGGED = 4;
    private static final int FEATURE_BLOCK = 1024;
    private static final int[] ROWS = {31, 32, 33, 97, 160};
    private static final int[] CLASSES = {3, 4, 17, 255, 256, 260};
    private static final int[] FEATURES = {1, 3, 4, 15, 16, 17, 31, 100, 1024, 1025, 2100};

    private static float[] random(SplittableRandom rng, int offset, int n, boolean special) {
        float[] a = new float[offset + n + TestRows.PAD];
        java.util.Arrays.fill(a, Float.NaN);
        for (int i = 0; i < n; i++) {
            a[offset + i] = (float) (rng.nextDouble() * 2 - 1);
        }
        if (special && n > 0) {
            float[] values = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3.4e38f, -3.4e38f, 95f};
            for (int s = 0; s < values.length; s++) {
                a[offset + rng.nextInt(n)] = values[s];
            }
        }
        return a;
    }

    /** Rows the panel kernel is documented to take on this species. */
    private static int expectedPanelRows(int rows, int classes, int features) {
        int fewest = features % 16 == 0 ? MIN_CLASSES : MIN_CLASSES_RAGGED;
        if (Engines.lanes() != 16 || rows < PANEL_ROWS || classes < fewest || features == 0) {
            return 0;
        }
        return rows / PANEL_ROWS * PANEL_ROWS;
    }

    /** The documented order of one output, in float: chunks of 4 fused multiply-adds from zero, groups of 16, blocks. */
    static float panelOrder(float[] x, int xAt, float[] w, int wAt, int features) {
        float z = 0f;
        for (int j0 = 0; j0 < features; j0 += FEATURE_BLOCK) {
            int width = Math.min(FEATURE_BLOCK, features - j0);
            float total = 0f;
            for (int g = 0; g < width; g += 16) {
                float group = 0f;
                int groupEnd = Math.min(g + 16, width);
                for (int q = g; q < groupEnd; q += 4) {
                    float chunk = 0f;
                    for (int u = q; u < Math.min(q + 4, groupEnd); u++) {
                        chunk = Math.fma(x[xAt + j0 + u], w[wAt + j0 + u], chunk);
                    }
                    group += chunk;
                }
                total += group;
            }
            z = j0 == 0 ? total : z + total;
        }
        return z;
    }

    @Test
    void takesWholePanelsOnSixteenLanesOnly() {
        KernelSupport panama = Engines.panamaKernels();
        float[] x = new float[160 * 17];
        float[] w = new float[260 * 17];
        float[] z = new float[160 * 260];
        for (int rows : ROWS) {
            for (int classes : CLASSES) {
                for (int features : new int[] {0, 16, 17}) {
                    assertEquals(expectedPanelRows(rows, classes, features),
                            panama.logitsRows(x, 0, rows, features, w, 0, classes, z, 0),
                            "rows " + rows + " classes " + classes + " features " + features + " on "
                                    + Engines.lanes() + " lanes");
                }
            }
        }
        assertEquals(0, Engines.scalarKernels().logitsRows(x, 0, 160, 17, w, 0, 130, z, 0), "scalar path");
        if (Engines.lanes() == 16) {
            assertEquals(160, panama.logitsRows(x, 0, 160, 17, w, 0, 260, z, 0), "the panel path was not selected");
        }
    }

    @Test
    void panelRowsFollowTheDocumentedOrderBitForBit() {
        SplittableRandom rng = new SplittableRandom(11);
        KernelSupport panama = Engines.panamaKernels();
        for (boolean special : new boolean[] {false, true}) {
            for (int features : FEATURES) {
                for (int rows : new int[] {32, 97}) {
                    for (int classes : new int[] {7, 17, 260}) {
                        float[] x = random(rng, 3, rows * features, special);
                        float[] w = random(rng, 2, classes * features, special);
                        float[] z = TestRows.output(5, rows * classes);
                        int done = panama.logitsRows(x, 3, rows, features, w, 2, classes, z, 5);
                        assertEquals(expectedPanelRows(rows, classes, features), done);
                        for (int i = 0; i < done; i++) {
                            for (int k = 0; k < classes; k++) {
                                float expected = panelOrder(x, 3 + i * features, w, 2 + k * features, features);
                                float actual = z[5 + i * classes + k];
                                if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
                                    fail("special " + special + " rows " + rows + " classes " + classes + " features "
                                            + features + ": Z[" + i + "][" + k + "] = " + actual + ", the order gives "
                                            + expected);
                                }
                            }
                        }
                        TestRows.assertUntouchedOutside("panel rows", z, 5, done * classes);
                    }
                }
            }
        }
    }

    @Test
    void wholeBatchesMeetTheBoundOfLinear() {
        SplittableRandom rng = new SplittableRandom(12);
        LinearEngine engine = new LinearEngine(Engines.panamaKernels());
        for (int rows : ROWS) {
            for (int classes : CLASSES) {
                for (int features : new int[] {17, 100, 784, 1025}) {
                    float[] x = random(rng, 3, rows * features, false);
                    float[] w = random(rng, 2, classes * features, false);
                    float[] b = random(rng, 1, classes, false);
                    float[] z = TestRows.output(4, rows * classes);
                    engine.logitsBatch(x, 3, rows, features, w, 2, classes, b, 1, z, 4);
                    String what = "rows " + rows + " classes " + classes + " features " + features;
                    TestRows.assertUntouchedOutside(what, z, 4, rows * classes);
                    LinearEngineTest.assertLogitsWithinTheBound(what, x, 3, w, 2, b, 1, z, 4, rows, classes, features);
                }
            }
        }
    }
}
