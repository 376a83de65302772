package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The tolerance helpers are only worth something if they can fail: this shows each one does. */
class ToleranceTest {

    @Test
    void assertCloseAcceptsWithinAndRejectsBeyondTheBound() {
        double expected = 0.25;
        float justInside = (float) (expected * (1 + 0.9 * Tolerance.PROB_REL));
        float outside = (float) (expected * (1 + 3 * Tolerance.PROB_REL));
        assertDoesNotThrow(() -> Tolerance.assertClose("p", 0, justInside, expected, Tolerance.PROB_REL, 0));
        assertThrows(AssertionFailedError.class,
                () -> Tolerance.assertClose("p", 0, outside, expected, Tolerance.PROB_REL, 0));
    }

    @Test
    void assertCloseRejectsNaNAndWrongInfinity() {
        assertThrows(AssertionFailedError.class, () -> Tolerance.assertClose("p", 0, Float.NaN, 0.5, 1, 1));
        assertThrows(AssertionFailedError.class, () -> Tolerance.assertClose("p", 0, 0.5f, Double.NaN, 1, 1));
        assertThrows(AssertionFailedError.class,
                () -> Tolerance.assertClose("p", 0, Float.MAX_VALUE, Double.POSITIVE_INFINITY, 1, 1));
    }

    @Test
    void assertProbabilitiesRejectsOneBadElement() {
        float[] y = {0.5f, 0.25f, 0.25f + 1e-5f};
        double[] p = {0.5, 0.25, 0.25};
        assertThrows(AssertionFailedError.class,
                () -> Tolerance.assertProbabilities("softmax", y, 0, p, Tolerance.PROB_REL));
    }

    @Test
    void assertLogValueRejectsBeyondTheBound() {
        assertDoesNotThrow(() -> Tolerance.assertLogValue("lse", 0, 100.00005f, 100.0));
        assertThrows(AssertionFailedError.class, () -> Tolerance.assertLogValue("lse", 0, 100.0002f, 100.0));
        assertThrows(AssertionFailedError.class, () -> Tolerance.assertLogValue("lse", 0, 2e-6f, 0.0));
        assertThrows(AssertionFailedError.class,
                () -> Tolerance.assertLogValue("lse", 0, -3.4e38f, Double.NEGATIVE_INFINITY));
    }
}
