package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to the facade: an exception that names the argument, thrown before any output is written. */
class SoftmaxArgumentsTest {

    private final float[] x = {1f, 2f, 3f, 4f};
    private final float[] y = filled(4);

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, TestRows.SENTINEL);
        return a;
    }

    private <T extends Throwable> void assertRejected(Class<T> type, String mustMention, Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mustMention),
                "message '" + e.getMessage() + "' should mention '" + mustMention + "'");
        for (float v : y) {
            assertEquals(TestRows.SENTINEL, v, "output written before the argument check");
        }
    }

    @Test
    void nullArraysAreNamed() {
        assertRejected(NullPointerException.class, "x", () -> Softmax.softmax(null, 0, y, 0, 1));
        assertRejected(NullPointerException.class, "y", () -> Softmax.softmax(x, 0, null, 0, 1));
        assertRejected(NullPointerException.class, "x", () -> Softmax.logSumExp(null));
        assertRejected(NullPointerException.class, "x", () -> Softmax.max(null, 0, 0));
        assertRejected(NullPointerException.class, "dy", () -> Softmax.softmaxBackward(x, 0, null, 0, y, 0, 1));
        assertRejected(NullPointerException.class, "dx", () -> Softmax.logSoftmaxBackward(x, 0, x, 0, null, 0, 1));
        assertRejected(NullPointerException.class, "y", () -> Softmax.softmax(x, null));
    }

    @Test
    void negativeLengthIsRejected() {
        assertRejected(IllegalArgumentException.class, "length", () -> Softmax.softmax(x, 0, y, 0, -1));
        assertRejected(IllegalArgumentException.class, "length", () -> Softmax.logSumExp(x, 0, -2));
    }

    @Test
    void slicesOutsideTheArrayNameTheArgumentAndBound() {
        assertRejected(IndexOutOfBoundsException.class, "x: offset 1 + length 4",
                () -> Softmax.softmax(x, 1, y, 0, 4));
        assertRejected(IndexOutOfBoundsException.class, "y: offset 2 + length 3",
                () -> Softmax.logSoftmax(x, 0, y, 2, 3));
        assertRejected(IndexOutOfBoundsException.class, "x: offset -1",
                () -> Softmax.logSumExp(x, -1, 1));
        assertRejected(IndexOutOfBoundsException.class, "dx: offset 3 + length 2",
                () -> Softmax.softmaxBackward(x, 0, x, 0, y, 3, 2));
        assertRejected(IndexOutOfBoundsException.class, "x.length = 4",
                () -> Softmax.max(x, 0, 5));
    }

    @Test
    void wholeArrayFormsNeedEqualLengths() {
        assertRejected(IllegalArgumentException.class, "x.length (4) must equal y.length (3)",
                () -> Softmax.softmax(x, new float[3]));
        assertRejected(IllegalArgumentException.class, "dx.length",
                () -> Softmax.softmaxBackward(x, x, new float[2]));
    }

    @Test
    void partialOverlapIsRejectedButInPlaceIsAllowed() {
        float[] a = {1f, 2f, 3f, 4f, 5f};
        assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(a, 0, a, 1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmaxBackward(a, 0, a, 0, a, 1, 3));
        assertTrue(e.getMessage().contains("partially overlaps"), e.getMessage());
        assertEquals(5f, a[4], "nothing written");
        Softmax.softmax(a, 0, a, 0, 5);
        double total = 0;
        for (float p : a) {
            total += p;
        }
        assertEquals(1.0, total, 1e-6);
        float[] b = {1f, 2f, 3f, 4f};
        Softmax.softmax(b, 0, b, 2, 2);
        assertEquals(1f, b[0], "disjoint slices of one array are fine");
        assertEquals((float) (1 / (1 + Math.E)), b[2], 1e-7f);
    }

    @Test
    void rowShapesAreChecked() {
        float[] m = new float[12];
        float[] out = filled(3);
        assertRejected(IllegalArgumentException.class, "rows", () -> Softmax.softmaxRows(m, 0, y, 0, -1, 3));
        assertRejected(IllegalArgumentException.class, "cols", () -> Softmax.logSoftmaxRows(m, 0, y, 0, 2, -3));
        assertRejected(IndexOutOfBoundsException.class, "x: offset 1 + length 12",
                () -> Softmax.softmaxRows(m, 1, new float[12], 0, 3, 4));
        assertRejected(IllegalArgumentException.class, "exceeds",
                () -> Softmax.softmaxRows(m, 0, y, 0, 1 << 16, 1 << 16));
        assertThrows(IndexOutOfBoundsException.class, () -> Softmax.logSumExpRows(m, 0, out, 0, 4, 3));
        assertEquals(TestRows.SENTINEL, out[0]);
    }

    @Test
    void rowFormsComputeEachRow() {
        float[] m = {0f, 0f, 1f, 1f, 5f, 5f};
        float[] out = new float[3];
        Softmax.logSumExpRows(m, 0, out, 0, 3, 2);
        for (int r = 0; r < 3; r++) {
            assertEquals(m[2 * r] + Math.log(2), out[r], 1e-6);
        }
        float[] p = new float[6];
        Softmax.softmaxRows(m, 0, p, 0, 3, 2);
        for (float v : p) {
            assertEquals(0.5f, v, 1e-7f);
        }
    }

    @Test
    void implementationNamesTheSelectedKernels() {
        String name = Softmax.implementation();
        assertTrue(name.equals("panama") || name.equals("scalar"), name);
    }
}
