package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions with tolerances taken from the documented error bounds of {@link Softmax}.
 * {@code ToleranceTest} shows that each one fails when the bound is broken.
 */
public final class Tolerance {
    /** Documented relative bound of probabilities for rows of up to 10^6 elements. */
    public static final double PROB_REL = 5e-7;
    /** Documented relative bound of probabilities for rows of up to 64·2^20 elements. */
    public static final double PROB_REL_LONG = 1e-6;
    /** Absolute slack for exps flushed to zero below 2^-125.5. */
    public static final double FLUSH_ABS = 0x1p-125;
    /** Documented bound of log-sum-exp and log-probabilities, relative to max(1, |value|). */
    public static final double LOG_REL = 1e-6;
    /** Documented bound of the backward passes, relative to the magnitude of the terms. */
    public static final double BACKWARD_REL = 1e-6;

    private Tolerance() {
    }

    /** |actual − expected| ≤ rel·|expected| + abs, or fail with the index and both values. */
    public static void assertClose(String what, int index, float actual, double expected, double rel, double abs) {
        if (Math.abs(expected) > Float.MAX_VALUE) {
            // Beyond the float range: the correctly rounded float (±MAX_VALUE or ±∞) is the expected value.
            expected = (float) expected;
        }
        if (Double.isNaN(expected) ? !Float.isNaN(actual) : !within(actual, expected, rel, abs)) {
            fail(what + " at index " + index + ": expected " + expected + " but was " + actual
                    + " (error " + Math.abs(actual - expected) + ", allowed " + (rel * Math.abs(expected) + abs) + ")");
        }
    }

    /** Probabilities: each p within PROB-bound·p + FLUSH_ABS. */
    public static void assertProbabilities(String what, float[] y, int off, double[] expected, double rel) {
        for (int i = 0; i < expected.length; i++) {
            assertClose(what, i, y[off + i], expected[i], rel, FLUSH_ABS);
        }
    }

    /** Log values: each within LOG_REL·max(1, |expected|). */
    public static void assertLogValue(String what, int index, float actual, double expected) {
        if (Math.abs(expected) > Float.MAX_VALUE) {
            // Beyond the float range: the correctly rounded float (±MAX_VALUE or ±∞) is the expected value.
            expected = (float) expected;
        }
        if (Double.isInfinite(expected) || Double.isNaN(expected)) {
            assertClose(what, index, actual, expected, 0, 0);
            return;
        }
        assertClose(what, index, actual, expected, 0, LOG_REL * Math.max(1, Math.abs(expected)));
    }

    private static boolean within(float actual, double expected, double rel, double abs) {
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
    }
}
