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

/**
 * Every engine (scalar and SIMD, each scheme) against the float64 reference, at every length 0..4L+3 and
 * at 1000, 65536, 200003 and 10^6 (each engine is also run with the two-pass and the three-pass scheme forced), at offsets 0 and 3, on each input
 * distribution. Checks the documented bounds, that nothing outside the output slice is written, that
 * nothing outside the input slice is read (it is NaN), and that in-place calls give the same result.
 */
class SoftmaxEngineAccuracyTest {

    private static final int[] OFFSETS = {0, 3};

    static List<Integer> lengths() {
        List<Integer> lengths = new ArrayList<>();
        for (int n = 0; n <= 4 * Engines.lanes() + 3; n++) {
            lengths.add(n);
        }
        lengths.add(1000);
        lengths.add(65536);
        lengths.add(200_003);
        lengths.add(1_000_000);
        return lengths;
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void softmaxMatchesTheFloat64Reference(Inputs inputs) {
        for (int length : lengths()) {
            for (int offset : OFFSETS) {
                float[] x = TestRows.row(inputs, 1, offset, length);
                double[] p = length == 0 ? new double[0] : Reference.softmax(x, offset, length);
                double lse = length == 0 ? Double.NEGATIVE_INFINITY : Reference.logSumExp(x, offset, length);
                for (Engines.Named e : Engines.all()) {
                    String what = e + " softmax " + inputs + " length " + length + " offset " + offset;
                    int yOffset = offset == 0 ? 0 : offset + 2;
                    float[] y = TestRows.output(yOffset, length);
                    float returned = e.engine.softmax(x, offset, y, yOffset, length);
                    Tolerance.assertProbabilities(what, y, yOffset, p, Tolerance.PROB_REL);
                    Tolerance.assertLogValue(what + " (returned lse)", -1, returned, lse);
                    TestRows.assertUntouchedOutside(what, y, yOffset, length);

                    // In place: within the same bound. Not compared bit for bit with the call above: the Vector
                    // API leaves the order of lane reductions open, and the interpreter and C2 differ in it.
                    float[] inPlace = x.clone();
                    e.engine.softmax(inPlace, offset, inPlace, offset, length);
                    Tolerance.assertProbabilities(what + " in place", inPlace, offset, p, Tolerance.PROB_REL);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void logSoftmaxMatchesTheFloat64Reference(Inputs inputs) {
        for (int length : lengths()) {
            for (int offset : OFFSETS) {
                float[] x = TestRows.row(inputs, 2, offset, length);
                double[] logp = length == 0 ? new double[0] : Reference.logSoftmax(x, offset, length);
                for (Engines.Named e : Engines.all()) {
                    String what = e + " logSoftmax " + inputs + " length " + length + " offset " + offset;
                    float[] y = TestRows.output(offset, length);
                    e.engine.logSoftmax(x, offset, y, offset, length);
                    for (int i = 0; i < length; i++) {
                        Tolerance.assertLogValue(what, i, y[offset + i], logp[i]);
                    }
                    TestRows.assertUntouchedOutside(what, y, offset, length);
                    float[] inPlace = x.clone();
                    e.engine.logSoftmax(inPlace, offset, inPlace, offset, length);
                    for (int i = 0; i < length; i++) {
                        Tolerance.assertLogValue(what + " in place", i, inPlace[offset + i], logp[i]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void logSumExpAndMaxMatchTheFloat64Reference(Inputs inputs) {
        for (int length : lengths()) {
            for (int offset : OFFSETS) {
                float[] x = TestRows.row(inputs, 3, offset, length);
                double lse = length == 0 ? Double.NEGATIVE_INFINITY : Reference.logSumExp(x, offset, length);
                float max = (float) Reference.max(x, offset, length);
                for (Engines.Named e : Engines.all()) {
                    String what = e + " " + inputs + " length " + length + " offset " + offset;
                    Tolerance.assertLogValue(what + " logSumExp", -1, e.engine.logSumExp(x, offset, length), lse);
                    assertEquals(max, e.engine.max(x, offset, length), what + " max");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Inputs.class, names = {"NARROW", "HIGH"})
    void backwardPassesMatchTheFloat64Reference(Inputs inputs) {
        for (int length : lengths()) {
            if (length > 65536) {
                continue;
            }
            for (int offset : OFFSETS) {
                float[] x = TestRows.row(inputs, 4, 0, length);
                float[] y = new float[length];
                float[] logY = new float[length];
                new SoftmaxEngine(Engines.scalarKernels()).softmax(x, 0, y, 0, length);
                new SoftmaxEngine(Engines.scalarKernels()).logSoftmax(x, 0, logY, 0, length);
                float[] dy = TestRows.row(Inputs.NARROW, 5, 0, length);
                double[] expectedSoftmax = Reference.softmaxBackward(y, dy, length);
                double[] expectedLog = Reference.logSoftmaxBackward(logY, dy, length);
                double sumAbsYdy = 0;
                double sumAbsDy = 0;
                for (int i = 0; i < length; i++) {
                    sumAbsYdy += Math.abs((double) y[i] * dy[i]);
                    sumAbsDy += Math.abs(dy[i]);
                }
                for (Engines.Named e : Engines.all()) {
                    String what = e + " backward " + inputs + " length " + length + " offset " + offset;
                    float[] dx = TestRows.output(offset, length);
                    e.engine.softmaxBackward(y, 0, dy, 0, dx, offset, length);
                    for (int i = 0; i < length; i++) {
                        double bound = Tolerance.BACKWARD_REL * Math.abs(y[i]) * (Math.abs(dy[i]) + sumAbsYdy);
                        Tolerance.assertClose(what + " softmaxBackward", i, dx[offset + i], expectedSoftmax[i], 0, bound);
                    }
                    TestRows.assertUntouchedOutside(what, dx, offset, length);
                    e.engine.logSoftmaxBackward(logY, 0, dy, 0, dx, offset, length);
                    for (int i = 0; i < length; i++) {
                        double bound = Tolerance.BACKWARD_REL * (Math.abs(dy[i]) + Math.exp(logY[i]) * sumAbsDy)
                                + Tolerance.FLUSH_ABS * sumAbsDy;
                        Tolerance.assertClose(what + " logSoftmaxBackward", i, dx[offset + i], expectedLog[i], 0, bound);
                    }
                    TestRows.assertUntouchedOutside(what, dx, offset, length);
                }
            }
        }
    }
}
