package org.softmaxsimd;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded test rows, placed at an offset inside arrays whose other elements are poison. */
public final class TestRows {
    /** Elements after every slice, so reads or writes past the end are caught. */
    public static final int PAD = 5;
    /** Written around outputs; any change shows a write outside the slice. */
    public static final float SENTINEL = 777.25f;
    /**
     * A quiet NaN with the sign bit set (the NaN x86 arithmetic produces, e.g. 0·∞): read as an int it is
     * negative, which an integer max over a row's bits does not see by itself.
     */
    public static final float NEGATIVE_NAN = Float.intBitsToFloat(0xffc0_0000);

    private TestRows() {
    }

    /** Input distributions the kernels are tested on. */
    public enum Inputs {
        /** Uniform in [−8, 8]. */
        NARROW,
        /** Uniform in [90, 100]: exp overflows float without the max shift. */
        HIGH,
        /** Sign and magnitude spread over 10^-3 .. 3.4e38, with ±Float.MAX_VALUE mixed in. */
        WIDE,
        /** NARROW with about 10% −∞ entries (masked classes). */
        NARROW_WITH_NEG_INF;

        float next(SplittableRandom rng) {
            switch (this) {
                case NARROW:
                    return (float) (rng.nextDouble() * 16 - 8);
                case HIGH:
                    return (float) (90 + rng.nextDouble() * 10);
                case WIDE: {
                    int pick = rng.nextInt(20);
                    if (pick == 0) {
                        return Float.MAX_VALUE;
                    }
                    if (pick == 1) {
                        return -Float.MAX_VALUE;
                    }
                    double magnitude = Math.min(Float.MAX_VALUE, Math.pow(10, rng.nextDouble() * 41.5 - 3));
                    return (float) (rng.nextBoolean() ? magnitude : -magnitude);
                }
                case NARROW_WITH_NEG_INF:
                    return rng.nextInt(10) == 0 ? Float.NEGATIVE_INFINITY : (float) (rng.nextDouble() * 16 - 8);
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /** A row of {@code length} values at {@code offset}; the elements around it are NaN (poison). */
    public static float[] row(Inputs inputs, long seed, int offset, int length) {
        SplittableRandom rng = new SplittableRandom(seed * 31 + length);
        float[] x = new float[offset + length + PAD];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < length; i++) {
            x[offset + i] = inputs.next(rng);
        }
        return x;
    }

    /** An output array with the slice at {@code offset}, filled with {@link #SENTINEL}. */
    public static float[] output(int offset, int length) {
        float[] y = new float[offset + length + PAD];
        Arrays.fill(y, SENTINEL);
        return y;
    }

    /** Fails unless every element outside {@code [offset, offset + length)} is still the sentinel. */
    public static void assertUntouchedOutside(String what, float[] y, int offset, int length) {
        for (int i = 0; i < y.length; i++) {
            if ((i < offset || i >= offset + length) && Float.floatToRawIntBits(y[i]) != Float.floatToRawIntBits(SENTINEL)) {
                throw new AssertionError(what + " wrote outside its slice at index " + i + " (slice [" + offset + ", "
                        + (offset + length) + "))");
            }
        }
    }
}
