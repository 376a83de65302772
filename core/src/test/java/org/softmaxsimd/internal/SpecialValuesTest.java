package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;

/**
 * The special-value policy of {@code Softmax}, on every engine, with the special entries placed at the
 * start, in the vector body, in the scalar tail and at the end of rows of several lengths, including rows
 * long enough for the two-pass scheme and for several sum blocks.
 */
class SpecialValuesTest {

    private static final float NAN = Float.NaN;
    private static final float POS_INF = Float.POSITIVE_INFINITY;
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    static int[] lengths() {
        int lanes = Engines.lanes();
        return new int[] {1, 2, lanes - 1, lanes, lanes + 1, 4 * lanes + 3, 1000, 3 * SoftmaxEngine.SUM_BLOCK + 7,
                200_003};
    }

    static List<Integer> positions(int length) {
        List<Integer> at = new ArrayList<>();
        for (int p : new int[] {0, length / 2, length - 1, Math.max(0, length - Engines.lanes() / 2)}) {
            if (p >= 0 && p < length && !at.contains(p)) {
                at.add(p);
            }
        }
        return at;
    }

    @Test
    void nanAnywhereMakesEverythingNaN() {
        for (int length : lengths()) {
            for (int at : positions(length)) {
                // Both signs of NaN (PanamaBitMax, the max of long rows, sees the negative one by its magnitude
                // only).
                for (int kind = 0; kind < 6; kind++) {
                    float nan = kind < 3 ? NAN : TestRows.NEGATIVE_NAN;
                    float companion = new float[] {0f, POS_INF, NEG_INF}[kind % 3];
                    float[] x = TestRows.row(Inputs.NARROW, 9, 0, length);
                    x[at] = nan;
                    if (length > 1) {
                        x[(at + 1) % length] = companion;
                    }
                    for (Engines.Named e : Engines.all()) {
                        String what = e + " length " + length + " NaN "
                                + Integer.toHexString(Float.floatToRawIntBits(nan)) + " at " + at + " with " + companion;
                        assertTrue(Float.isNaN(e.engine.max(x, 0, length)), what + " max");
                        assertTrue(Float.isNaN(e.engine.logSumExp(x, 0, length)), what + " logSumExp");
                        float[] y = new float[length];
                        assertTrue(Float.isNaN(e.engine.softmax(x, 0, y, 0, length)), what + " softmax lse");
                        assertAllNaN(what + " softmax", y);
                        y = new float[length];
                        assertTrue(Float.isNaN(e.engine.logSoftmax(x, 0, y, 0, length)), what + " logSoftmax lse");
                        assertAllNaN(what + " logSoftmax", y);
                    }
                }
            }
        }
    }

    @Test
    void positiveInfinitiesShareTheMassEqually() {
        for (int length : lengths()) {
            for (int infinities = 1; infinities <= Math.min(3, length); infinities++) {
                float[] x = TestRows.row(Inputs.WIDE, 10, 0, length);
                List<Integer> at = positions(length);
                int placed = 0;
                for (int i = 0; i < at.size() && placed < infinities; i++, placed++) {
                    x[at.get(i)] = POS_INF;
                }
                for (Engines.Named e : Engines.all()) {
                    String what = e + " length " + length + " +inf x" + placed;
                    assertEquals(POS_INF, e.engine.max(x, 0, length), what + " max");
                    assertEquals(POS_INF, e.engine.logSumExp(x, 0, length), what + " logSumExp");
                    float[] y = new float[length];
                    assertEquals(POS_INF, e.engine.softmax(x, 0, y, 0, length), what + " softmax lse");
                    float[] logY = new float[length];
                    e.engine.logSoftmax(x, 0, logY, 0, length);
                    for (int i = 0; i < length; i++) {
                        boolean inf = x[i] == POS_INF;
                        assertEquals(inf ? 1f / placed : 0f, y[i], what + " softmax at " + i);
                        assertEquals(inf ? (float) -Math.log(placed) : NEG_INF, logY[i], what + " logSoftmax at " + i);
                    }
                }
            }
        }
    }

    @Test
    void negativeInfinitiesGetExactlyZero() {
        for (int length : lengths()) {
            if (length < 2) {
                continue;
            }
            for (int at : positions(length)) {
                float[] x = TestRows.row(Inputs.HIGH, 11, 0, length);
                x[at] = NEG_INF;
                int finite = at == 0 ? 1 : 0;
                for (Engines.Named e : Engines.all()) {
                    String what = e + " length " + length + " -inf at " + at;
                    float[] y = new float[length];
                    e.engine.softmax(x, 0, y, 0, length);
                    assertEquals(0f, y[at], what + " softmax");
                    assertTrue(y[finite] > 0f, what + " finite entry");
                    float[] logY = new float[length];
                    e.engine.logSoftmax(x, 0, logY, 0, length);
                    assertEquals(NEG_INF, logY[at], what + " logSoftmax");
                }
            }
        }
    }

    @Test
    void allNegativeInfinityIsNaNWithLogSumExpNegativeInfinity() {
        for (int length : lengths()) {
            float[] x = new float[length];
            java.util.Arrays.fill(x, NEG_INF);
            for (Engines.Named e : Engines.all()) {
                String what = e + " length " + length + " all -inf";
                assertEquals(NEG_INF, e.engine.max(x, 0, length), what + " max");
                assertEquals(NEG_INF, e.engine.logSumExp(x, 0, length), what + " logSumExp");
                float[] y = new float[length];
                assertEquals(NEG_INF, e.engine.softmax(x, 0, y, 0, length), what + " softmax lse");
                assertAllNaN(what + " softmax", y);
                y = new float[length];
                assertEquals(NEG_INF, e.engine.logSoftmax(x, 0, y, 0, length), what + " logSoftmax lse");
                assertAllNaN(what + " logSoftmax", y);
            }
        }
    }

    @Test
    void lengthZeroWritesNothing() {
        float[] x = {1f, 2f};
        for (Engines.Named e : Engines.all()) {
            float[] y = TestRows.output(1, 0);
            assertEquals(NEG_INF, e.engine.max(x, 1, 0), e + " max");
            assertEquals(NEG_INF, e.engine.logSumExp(x, 1, 0), e + " logSumExp");
            assertEquals(NEG_INF, e.engine.softmax(x, 1, y, 1, 0), e + " softmax");
            assertEquals(NEG_INF, e.engine.logSoftmax(x, 1, y, 1, 0), e + " logSoftmax");
            e.engine.softmaxBackward(x, 1, x, 1, y, 1, 0);
            e.engine.logSoftmaxBackward(x, 1, x, 1, y, 1, 0);
            TestRows.assertUntouchedOutside(e + " length 0", y, 1, 0);
        }
    }

    @Test
    void extremeFiniteValuesNeitherOverflowNorGiveNaN() {
        float max = Float.MAX_VALUE;
        float[][] rows = {
            {max, -max, max},
            {max, max},
            {-max, -max, -max, -max},
            {max, 0f, -max, 1e30f, -1e30f},
        };
        for (float[] x : rows) {
            for (Engines.Named e : Engines.all()) {
                float[] y = new float[x.length];
                float lse = e.engine.softmax(x, 0, y, 0, x.length);
                assertTrue(!Float.isNaN(lse), e + " lse is NaN for " + java.util.Arrays.toString(x));
                double total = 0;
                for (float p : y) {
                    assertTrue(p >= 0f && p <= 1f, e + " probability " + p);
                    total += p;
                }
                assertEquals(1.0, total, 1e-6, e + " probabilities sum for " + java.util.Arrays.toString(x));
            }
        }
        float[] y = new float[3];
        for (Engines.Named e : Engines.all()) {
            e.engine.softmax(rows[0], 0, y, 0, 3);
            assertEquals(0.5f, y[0], e + " {MAX,-MAX,MAX}");
            assertEquals(0f, y[1], e + " {MAX,-MAX,MAX}");
            assertEquals(0.5f, y[2], e + " {MAX,-MAX,MAX}");
        }
    }

    private static void assertAllNaN(String what, float[] y) {
        for (int i = 0; i < y.length; i++) {
            assertTrue(Float.isNaN(y[i]), what + ": expected NaN at " + i + " but was " + y[i]);
        }
    }
}
