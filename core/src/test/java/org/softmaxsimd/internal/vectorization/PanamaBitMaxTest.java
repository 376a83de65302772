package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link PanamaBitMax}, the integer max over floats' bits, against a fold of {@link Math#max} (the reference:
 * NaN wins, +0 above −0): the row max on every length 0..4L+3 and long rows, at offsets 0 and 3, over rows of
 * mixed signs, all negative, all non-negative, all −∞, only zeros of both signs, with the special values
 * (NaNs of both signs and other payloads, ±∞, ±0, ±Float.MAX_VALUE, subnormals) placed at the start, inside the
 * whole vectors, in the last (overlapping) vector and at the end. A result equals the reference bit for bit,
 * except that any NaN stands for any NaN.
 */
class PanamaBitMaxTest {

    private static final int LANES = PanamaKernelSupport.SPECIES.length();
    private static final float[] SPECIALS = {
        Float.NaN, Float.intBitsToFloat(0xffc0_0000), Float.intBitsToFloat(0xff80_0001),
        Float.intBitsToFloat(0x7f80_0001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
    };

    private enum Signs { MIXED, NEGATIVE, NON_NEGATIVE, ALL_NEGATIVE_INFINITY, ZEROS }

    @Test
    void rowMaxIsTheFoldOfMathMaxOnEveryRow() {
        SplittableRandom rng = new SplittableRandom(20261207L);
        int checked = 0;
        for (int length : lengths()) {
            for (int offset : new int[] {0, 3}) {
                for (Signs signs : Signs.values()) {
                    for (int special = -1; special < SPECIALS.length; special++) {
                        for (int at : positions(length)) {
                            float[] x = row(rng, signs, offset, length);
                            if (special >= 0 && length > 0) {
                                x[offset + at] = SPECIALS[special];
                            }
                            String what = signs + " length " + length + " offset " + offset
                                    + (special < 0 ? "" : " with " + SPECIALS[special] + " ("
                                    + Integer.toHexString(Float.floatToRawIntBits(SPECIALS[special])) + ") at " + at);
                            int whole = length - length % LANES;
                            assertSameFloat(reference(x, offset, length),
                                    PanamaBitMax.rowMax(x, offset, whole, length), what);
                            checked++;
                            if (special < 0) {
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "rows checked: " + checked);
    }

    /** The comparison itself fails on a wrong zero sign and on a NaN against a number. */
    @Test
    void theComparisonTellsZerosAndNaNsApart() {
        assertTrue(same(Float.NaN, Float.intBitsToFloat(0xffc0_0000)));
        assertFalse(same(0f, -0f));
        assertFalse(same(Float.NaN, Float.POSITIVE_INFINITY));
        assertFalse(same(1f, Math.nextUp(1f)));
    }

    private static void assertSameFloat(float expected, float actual, String what) {
        assertTrue(same(expected, actual), () -> what + ": expected " + expected + " ("
                + Integer.toHexString(Float.floatToRawIntBits(expected)) + "), got " + actual + " ("
                + Integer.toHexString(Float.floatToRawIntBits(actual)) + ")");
    }

    private static boolean same(float expected, float actual) {
        return Float.isNaN(expected) ? Float.isNaN(actual)
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual);
    }

    private static float reference(float[] x, int offset, int length) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    private static List<Integer> lengths() {
        List<Integer> lengths = new ArrayList<>();
        for (int n = 0; n <= 4 * LANES + 3; n++) {
            lengths.add(n);
        }
        lengths.add(1000);
        lengths.add(4099);
        return lengths;
    }

    /** The start, inside the whole vectors, the last (overlapping) vector, the end. */
    private static int[] positions(int length) {
        return length == 0 ? new int[] {0}
                : new int[] {0, length / 2, Math.max(0, length - LANES / 2 - 1), length - 1};
    }

    /** A row at {@code offset}, the elements around it NaN (never read). */
    private static float[] row(SplittableRandom rng, Signs signs, int offset, int length) {
        float[] x = new float[offset + length + 5];
        java.util.Arrays.fill(x, Float.NaN);
        for (int i = offset; i < offset + length; i++) {
            float magnitude = (float) Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(-140, 128));
            switch (signs) {
                case MIXED:
                    x[i] = rng.nextBoolean() ? magnitude : -magnitude;
                    break;
                case NEGATIVE:
                    x[i] = -magnitude;
                    break;
                case NON_NEGATIVE:
                    x[i] = magnitude;
                    break;
                case ALL_NEGATIVE_INFINITY:
                    x[i] = Float.NEGATIVE_INFINITY;
                    break;
                default:
                    x[i] = rng.nextBoolean() ? 0f : -0f;
            }
        }
        return x;
    }
}
