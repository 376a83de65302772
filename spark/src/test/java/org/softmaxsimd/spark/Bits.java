package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Bitwise comparisons: equal values with the same sign of zero and the same NaN. */
final class Bits {

    private Bits() {
    }

    static void assertBitwise(double[] expected, double[] actual, String message) {
        long[] e = new long[expected.length];
        long[] a = new long[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.doubleToRawLongBits(expected[i]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Double.doubleToRawLongBits(actual[i]);
        }
        assertArrayEquals(e, a, message);
    }

    static void assertBitwise(float[] expected, float[] actual, String message) {
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, a, message);
    }
}
