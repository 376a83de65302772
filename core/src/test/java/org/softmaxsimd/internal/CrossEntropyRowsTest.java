package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.softmaxsimd.CrossEntropyReference;
import org.softmaxsimd.Reference;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;

/**
 * Batched cross-entropy with integer labels and no smoothing, which the engine hands to the row kernel in one
 * call (the SIMD path takes narrow rows a vector of rows at a time, transposed, with the label left out of the
 * sum by a weight): every width 1..4L+3 and the widths around the kernels' limits, batches that end inside a
 * block of rows, offsets 0 and 3, each input distribution, ignored labels and class weights, rows of NaN, +∞
 * and only −∞ mixed in. Against the float64 reference within the bound of {@link CrossEntropyEngineTest};
 * nothing written outside; zeros in the rows of ignored labels; the same bits in place and in a reversed batch.
 */
class CrossEntropyRowsTest {

    private static final int IGNORE = -100;

    /** The widths of {@link ShortRowsTest} but 0 (a cross-entropy row has at least one class). */
    static List<Integer> widths() {
        List<Integer> widths = new ArrayList<>(ShortRowsTest.widths());
        widths.remove(Integer.valueOf(0));
        return widths;
    }

    /** Labels spread over the row (the first and last column included), every fifth row ignored. */
    private static int[] labels(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 5 == 4 ? IGNORE : r % 3 == 0 ? (r / 3 % 2) * (cols - 1) : rng.nextInt(cols);
        }
        return labels;
    }

    private static float[] weights(int cols) {
        float[] w = new float[cols];
        for (int c = 0; c < cols; c++) {
            w[c] = c % 7 == 5 ? 0f : 0.25f + (c % 7) * 0.5f; // a weight of 0 too: such rows count for nothing
        }
        return w;
    }

    /** NaN, +∞ or all −∞ in every seventh row from row 2 (the label of such a row stays counted). */
    private static void addSpecialRows(float[] x, int offset, int rows, int cols) {
        for (int r = 2; r < rows; r += 7) {
            int at = offset + r * cols;
            int kind = r / 7 % 3;
            if (kind == 0) {
                x[at + cols / 2] = r % 4 == 2 ? TestRows.NEGATIVE_NAN : Float.NaN;
            } else if (kind == 1) {
                x[at + cols - 1] = Float.POSITIVE_INFINITY;
            } else {
                java.util.Arrays.fill(x, at, at + cols, Float.NEGATIVE_INFINITY);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void batchesMatchTheReference(Inputs inputs) {
        int lanes = Engines.lanes();
        for (int cols : widths()) {
            for (int rows : new int[] {1, 3, lanes + 5, 2 * lanes + 1}) {
                for (int offset : new int[] {0, 3}) {
                    int[] labels = labels(rows, cols, rows * 31L + cols);
                    float[] x = TestRows.row(inputs, rows * 131L + cols, offset, rows * cols);
                    if (inputs == Inputs.NARROW_WITH_NEG_INF) {
                        keepLabelsFinite(x, offset, cols, labels);
                    }
                    for (float[] weights : new float[][] {null, weights(cols)}) {
                        for (boolean mean : new boolean[] {false, true}) {
                            CrossEntropyReference.Result ref = CrossEntropyReference.labels(
                                    slice(x, offset, rows * cols), 0, rows, cols, labels, mean, 0, weights, IGNORE);
                            for (Engines.Named n : Engines.all()) {
                                CrossEntropyEngine e = new CrossEntropyEngine(n.engine);
                                String what = n + " " + inputs + " " + rows + "x" + cols + " offset "
                                        + offset + " weights " + (weights != null) + " mean " + mean;
                                float[] d = checkBatch(what, e, x, offset, rows, cols, labels, weights, mean);
                                CrossEntropyEngineTest.assertMatches(what, e.lossAndGradient(x, offset, rows, cols,
                                        labels, 0, null, 0, mean, 0f, weights, IGNORE), d, offset + 1, ref);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Batches with special rows: those rows give the bits of the one-row call (the softmax limits), the others
     * match the per-row reference, and the sum of the rows' losses is the batch's loss.
     */
    @ParameterizedTest
    @EnumSource(value = Inputs.class, names = {"NARROW", "WIDE", "HIGH"})
    void specialRowsInABatchAreTheOneRowLimits(Inputs inputs) {
        int lanes = Engines.lanes();
        for (int cols : widths()) {
            for (int rows : new int[] {lanes + 5, 2 * lanes + 1}) {
                int offset = 3;
                int[] labels = labels(rows, cols, rows * 17L + cols);
                float[] x = TestRows.row(inputs, rows * 7L + cols, offset, rows * cols);
                addSpecialRows(x, offset, rows, cols);
                for (Engines.Named n : Engines.all()) {
                    CrossEntropyEngine e = new CrossEntropyEngine(n.engine);
                    String what = n + " " + inputs + " " + rows + "x" + cols + " with special rows";
                    float[] d = checkBatch(what, e, x, offset, rows, cols, labels, null, false);
                    float loss = e.lossAndGradient(x, offset, rows, cols, labels, 0, null, 0, false, 0f, null, IGNORE);
                    double expected = 0;
                    double bound = 0;
                    float[] single = new float[cols];
                    for (int r = 0; r < rows; r++) {
                        int at = offset + r * cols;
                        int to = offset + 1 + r * cols;
                        if (labels[r] == IGNORE) {
                            continue;
                        }
                        if (!(Math.abs(Reference.max(x, at, cols)) <= Float.MAX_VALUE)) {
                            expected += e.lossAndGradient(x, at, cols, labels[r], single, 0);
                            assertSameBits(what + " special row " + r, single, 0, d, to, cols);
                        } else {
                            CrossEntropyReference.Result ref = CrossEntropyReference.labels(slice(x, at, cols), 0, 1,
                                    cols, new int[] {labels[r]}, false, 0, null, IGNORE);
                            CrossEntropyEngineTest.assertMatches(what + " row " + r,
                                    e.lossAndGradient(x, at, cols, labels[r], null, 0), d, to, ref);
                            expected += ref.loss;
                            bound += 1e-6 * (1 + Math.abs(ref.loss));
                        }
                    }
                    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
                        assertEquals((float) expected, loss, what + " loss");
                    } else {
                        assertTrue(Math.abs(loss - expected) <= bound, what + " loss " + loss + " vs " + expected);
                    }
                }
            }
        }
    }

    /**
     * Confident rows (the label's logit 30 above the others): a loss of (K−1)·e^-30 ≈ 1e-12 per row keeps its
     * relative accuracy in a batch, and so does the label's gradient entry −O/S (log1p of O/e_y, not log S).
     */
    @org.junit.jupiter.api.Test
    void confidentRowsKeepTheirSmallLosses() {
        int rows = 2 * Engines.lanes() + 1;
        for (int cols : new int[] {2, 3, 10, 16, 17, 100}) {
            float[] x = new float[rows * cols];
            int[] labels = new int[rows];
            java.util.Arrays.fill(x, 10f);
            for (int r = 0; r < rows; r++) {
                labels[r] = r * 7 % cols;
                x[r * cols + labels[r]] = 40f;
            }
            double others = (cols - 1) * Math.exp(-30);
            double rowLoss = Math.log1p(others);
            double labelEntry = -others / (1 + others);
            for (Engines.Named n : Engines.all()) {
                CrossEntropyEngine e = new CrossEntropyEngine(n.engine);
                float[] d = new float[x.length];
                float loss = e.lossAndGradient(x, 0, rows, cols, labels, 0, d, 0, false, 0f, null, IGNORE);
                String what = n + " " + rows + "x" + cols;
                assertEquals(rows * rowLoss, loss, 1e-6 * rows * rowLoss, what + " loss");
                for (int r = 0; r < rows; r++) {
                    assertEquals(labelEntry, d[r * cols + labels[r]], 1e-6 * Math.abs(labelEntry),
                            what + " label entry of row " + r);
                }
            }
        }
    }

    /**
     * The checks that need no reference: zeros in ignored rows, nothing written outside, the same bits in place
     * and in a reversed batch; returns the gradient, written at offset + 1.
     */
    private static float[] checkBatch(String what, CrossEntropyEngine e, float[] x, int offset, int rows, int cols,
                                      int[] labels, float[] weights, boolean mean) {
        int size = rows * cols;
        float[] d = TestRows.output(offset + 1, size);
        float loss = e.lossAndGradient(x, offset, rows, cols, labels, 0, d, offset + 1, mean, 0f, weights, IGNORE);
        TestRows.assertUntouchedOutside(what, d, offset + 1, size);
        for (int r = 0; r < rows; r++) {
            if (labels[r] == IGNORE) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(0, Float.floatToRawIntBits(d[offset + 1 + r * cols + j]), what + " ignored row " + r);
                }
            }
        }
        float[] inPlace = x.clone();
        float lossInPlace = e.lossAndGradient(inPlace, offset, rows, cols, labels, 0, inPlace, offset, mean, 0f,
                weights, IGNORE);
        assertEquals(Float.floatToIntBits(loss), Float.floatToIntBits(lossInPlace), what + " loss in place");
        assertSameBits(what + " in place", d, offset + 1, inPlace, offset, size);
        float[] reversed = new float[size];
        int[] reversedLabels = new int[rows];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, offset + r * cols, reversed, (rows - 1 - r) * cols, cols);
            reversedLabels[rows - 1 - r] = labels[r];
        }
        float[] dReversed = new float[size];
        e.lossAndGradient(reversed, 0, rows, cols, reversedLabels, 0, dReversed, 0, mean, 0f, weights, IGNORE);
        for (int r = 0; r < rows; r++) {
            assertSameBits(what + " row " + r + " reversed", dReversed, (rows - 1 - r) * cols, d,
                    offset + 1 + r * cols, cols);
        }
        return d;
    }

    /** The label logits of the −∞ distribution set to 1, so that every counted row has a finite loss. */
    private static void keepLabelsFinite(float[] x, int offset, int cols, int[] labels) {
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] != IGNORE) {
                x[offset + r * cols + labels[r]] = 1f;
            }
        }
    }

    private static float[] slice(float[] x, int offset, int length) {
        float[] s = new float[length];
        System.arraycopy(x, offset, s, 0, length);
        return s;
    }

    private static void assertSameBits(String what, float[] expected, int eo, float[] actual, int ao, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(expected[eo + i]), Float.floatToIntBits(actual[ao + i]), what + " " + i);
        }
    }
}
