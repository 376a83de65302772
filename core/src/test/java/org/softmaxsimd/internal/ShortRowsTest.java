package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.softmaxsimd.Reference;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;
import org.softmaxsimd.Tolerance;
import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * The batched row forms (softmaxRows, logSoftmaxRows, logSumExpRows), which hand short rows to the row kernels
 * many rows per call (the SIMD path takes narrow rows a vector of rows at a time, transposed), on every engine:
 * every width 0..4L+3 and the widths around the kernels' limits, batches that end inside a block of rows, offsets
 * 0 and 3, each input distribution, with rows of NaN, +∞ and only −∞ mixed in. Each row is checked against the
 * float64 reference within the documented bound; nothing outside the output slice is written; in place gives the
 * same bits; and a row gives the same bits in the batch with its rows in reverse order (another place in its
 * block of rows, other neighbours), so where a row lies does not change it.
 */
class ShortRowsTest {

    private static final int[] OFFSETS = {0, 3};

    static List<Integer> widths() {
        List<Integer> widths = new ArrayList<>();
        for (int n = 0; n <= 4 * Engines.lanes() + 3; n++) {
            widths.add(n);
        }
        for (int n : new int[] {10, 16, 17, 31, 32, 33, 100, KernelSupport.SHORT_ROW_LIMIT,
                KernelSupport.SHORT_ROW_LIMIT + 1}) {
            if (!widths.contains(n)) {
                widths.add(n);
            }
        }
        return widths;
    }

    static int[] rowCounts() {
        int lanes = Engines.lanes();
        return new int[] {1, 3, lanes + 5, 2 * lanes + 1};
    }

    /**
     * Row r of the batch: the distribution's values, or a special row every sixth row from row 2: a kernel that
     * takes rows two at a time meets row 2 first in its pair and, resuming after it, row 8 second.
     */
    private static float[] batch(Inputs inputs, int offset, int rows, int cols, boolean special) {
        float[] x = TestRows.row(inputs, rows * 131L + cols, offset, rows * cols);
        if (special && cols > 0) {
            for (int r = 2; r < rows; r += 6) {
                int at = offset + r * cols;
                int kind = r / 6 % 3;
                for (int j = 0; j < cols; j++) {
                    if (kind == 2) {
                        x[at + j] = Float.NEGATIVE_INFINITY;
                    }
                }
                if (kind == 0) {
                    // A NaN with the sign bit set (x86's default NaN) in the first such row: a max over the
                    // floats' bits as ints (PanamaBitMax) sees it by its magnitude only.
                    x[at + cols / 2] = r % 4 == 2 ? TestRows.NEGATIVE_NAN : Float.NaN;
                } else if (kind == 1) {
                    x[at + cols - 1] = Float.POSITIVE_INFINITY;
                }
            }
        }
        return x;
    }

    private static boolean specialRow(float[] x, int at, int cols) {
        double max = Reference.max(x, at, cols);
        return !(Math.abs(max) <= Float.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void softmaxRowsMatchTheReference(Inputs inputs) {
        forEachBatch(inputs, (e, x, offset, rows, cols, what) -> checkRowwise(what, x, offset, rows, cols,
                (xs, xo, ys, yo, m) -> e.engine.softmaxRows(xs, xo, ys, yo, m, cols),
                (at, ys, yo) -> e.engine.softmax(x, at, ys, yo, cols),
                (at, ys, yo, row) -> Tolerance.assertProbabilities(row, ys, yo, Reference.softmax(x, at, cols),
                        Tolerance.PROB_REL)));
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void logSoftmaxRowsMatchTheReference(Inputs inputs) {
        forEachBatch(inputs, (e, x, offset, rows, cols, what) -> checkRowwise(what, x, offset, rows, cols,
                (xs, xo, ys, yo, m) -> e.engine.logSoftmaxRows(xs, xo, ys, yo, m, cols),
                (at, ys, yo) -> e.engine.logSoftmax(x, at, ys, yo, cols),
                (at, ys, yo, row) -> {
                    double[] expected = Reference.logSoftmax(x, at, cols);
                    for (int j = 0; j < cols; j++) {
                        Tolerance.assertLogValue(row, j, ys[yo + j], expected[j]);
                    }
                }));
    }

    /** A batched row form: rows × cols at xo into the same shape at yo. */
    private interface Batched {
        void run(float[] x, int xOffset, float[] y, int yOffset, int rows);
    }

    /** The one-row form of the same operation, of the row at {@code at} of the batch's x. */
    private interface OneRow {
        void run(int at, float[] y, int yOffset);
    }

    /** The check of a row at {@code at} of x, written at yOffset of y, against the float64 reference. */
    private interface Expected {
        void check(int at, float[] y, int yOffset, String what);
    }

    /**
     * The checks of a row-wise form (softmax, log-softmax): within the bound of the reference (special rows:
     * the bits of the one-row call), nothing written outside, the same bits in a reversed batch and in place.
     */
    private static void checkRowwise(String what, float[] x, int offset, int rows, int cols, Batched batched,
                                     OneRow oneRow, Expected expected) {
        int size = rows * cols;
        int yOffset = offset == 0 ? 0 : offset + 2;
        float[] y = TestRows.output(yOffset, size);
        batched.run(x, offset, y, yOffset, rows);
        TestRows.assertUntouchedOutside(what, y, yOffset, size);
        float[] single = new float[cols];
        for (int r = 0; r < rows; r++) {
            int at = offset + r * cols;
            if (specialRow(x, at, cols)) {
                oneRow.run(at, single, 0);
                assertSameBits(what + " special row " + r, single, 0, y, yOffset + r * cols, cols);
            } else {
                expected.check(at, y, yOffset + r * cols, what + " row " + r);
            }
        }
        float[] reversed = reversed(x, offset, rows, cols);
        float[] yReversed = new float[size];
        batched.run(reversed, 0, yReversed, 0, rows);
        for (int r = 0; r < rows; r++) {
            assertSameBits(what + " row " + r + " reversed", yReversed, (rows - 1 - r) * cols, y, yOffset + r * cols,
                    cols);
        }
        float[] inPlace = x.clone();
        batched.run(inPlace, offset, inPlace, offset, rows);
        assertSameBits(what + " in place", y, yOffset, inPlace, offset, size);
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void logSumExpRowsMatchTheReference(Inputs inputs) {
        forEachBatch(inputs, (e, x, offset, rows, cols, what) -> {
            float[] out = TestRows.output(offset, rows);
            e.engine.logSumExpRows(x, offset, out, offset, rows, cols);
            TestRows.assertUntouchedOutside(what, out, offset, rows);
            for (int r = 0; r < rows; r++) {
                int at = offset + r * cols;
                if (specialRow(x, at, cols) || cols == 0) {
                    assertEquals(e.engine.logSumExp(x, at, cols), out[offset + r], what + " special row " + r);
                } else {
                    Tolerance.assertLogValue(what, r, out[offset + r], Reference.logSumExp(x, at, cols));
                }
            }
            float[] reversed = reversed(x, offset, rows, cols);
            float[] outReversed = new float[rows];
            e.engine.logSumExpRows(reversed, 0, outReversed, 0, rows, cols);
            for (int r = 0; r < rows; r++) {
                assertEquals(Float.floatToIntBits(out[offset + r]), Float.floatToIntBits(outReversed[rows - 1 - r]),
                        what + " row " + r + " reversed");
            }
        });
    }

    /**
     * Outside the transposed path (one-row batches, and batches of rows wider than it takes), a row of a batch
     * has the bits of the one-row call in all three forms, and the three one-row calls return the same
     * log-sum-exp: the one-row kernels (their whole-vector forms included) and the row kernels add and take the
     * log in the same order.
     */
    @ParameterizedTest
    @EnumSource(Inputs.class)
    void oneRowCallsGiveTheBitsOfTheBatchedRows(Inputs inputs) {
        for (int cols : widths()) {
            if (cols == 0) {
                continue;
            }
            for (int rows : cols > 16 ? new int[] {1, 3} : new int[] {1}) {
                for (int offset : OFFSETS) {
                    float[] x = batch(inputs, offset, rows, cols, false);
                    for (Engines.Named e : Engines.all()) {
                        String what = e + " " + inputs + " " + rows + "x" + cols + " offset " + offset;
                        float[] softmax = new float[rows * cols];
                        float[] logSoftmax = new float[rows * cols];
                        float[] lse = new float[rows];
                        e.engine.softmaxRows(x, offset, softmax, 0, rows, cols);
                        e.engine.logSoftmaxRows(x, offset, logSoftmax, 0, rows, cols);
                        e.engine.logSumExpRows(x, offset, lse, 0, rows, cols);
                        float[] single = new float[cols];
                        for (int r = 0; r < rows; r++) {
                            int at = offset + r * cols;
                            String row = what + " row " + r;
                            float fromSoftmax = e.engine.softmax(x, at, single, 0, cols);
                            assertSameBits(row + " softmax", single, 0, softmax, r * cols, cols);
                            float fromLogSoftmax = e.engine.logSoftmax(x, at, single, 0, cols);
                            assertSameBits(row + " logSoftmax", single, 0, logSoftmax, r * cols, cols);
                            float alone = e.engine.logSumExp(x, at, cols);
                            assertEquals(Float.floatToIntBits(lse[r]), Float.floatToIntBits(alone), row + " logSumExp");
                            assertEquals(Float.floatToIntBits(alone), Float.floatToIntBits(fromSoftmax),
                                    row + " softmax's log-sum-exp");
                            assertEquals(Float.floatToIntBits(alone), Float.floatToIntBits(fromLogSoftmax),
                                    row + " logSoftmax's log-sum-exp");
                        }
                    }
                }
            }
        }
    }

    private interface BatchCheck {
        void check(Engines.Named e, float[] x, int offset, int rows, int cols, String what);
    }

    private static void forEachBatch(Inputs inputs, BatchCheck check) {
        for (int cols : widths()) {
            for (int rows : rowCounts()) {
                for (int offset : OFFSETS) {
                    for (boolean special : new boolean[] {false, true}) {
                        float[] x = batch(inputs, offset, rows, cols, special);
                        for (Engines.Named e : Engines.all()) {
                            check.check(e, x, offset, rows, cols, e + " " + inputs + " " + rows + "x" + cols
                                    + " offset " + offset + (special ? " with special rows" : ""));
                        }
                    }
                }
            }
        }
    }

    /** The rows of the batch at {@code offset}, last row first, at offset 0. */
    private static float[] reversed(float[] x, int offset, int rows, int cols) {
        float[] reversed = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, offset + r * cols, reversed, (rows - 1 - r) * cols, cols);
        }
        return reversed;
    }

    private static void assertSameBits(String what, float[] expected, int eOffset, float[] actual, int aOffset,
                                       int length) {
        for (int i = 0; i < length; i++) {
            assertEquals(Float.floatToIntBits(expected[eOffset + i]), Float.floatToIntBits(actual[aOffset + i]),
                    what + " at " + i);
        }
    }
}
