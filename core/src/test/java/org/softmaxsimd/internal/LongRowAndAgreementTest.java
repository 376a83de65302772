package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.Reference;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;
import org.softmaxsimd.Tolerance;

/**
 * A 64·2^20-element row (the documented 1e-6 bound for long rows, which naive float sums miss by far), and
 * the SIMD path against the scalar path directly: both within the bound of the truth, so within twice the
 * bound of each other.
 */
class LongRowAndAgreementTest {

    @Test
    void a64MRowStaysWithinTheLongRowBound() {
        int length = 64 << 20;
        float[] x = TestRows.row(Inputs.NARROW, 12, 0, length);
        double[] p = Reference.softmax(x, 0, length);
        double lse = Reference.logSumExp(x, 0, length);
        float[] y = new float[length];
        for (Engines.Named e : new Engines.Named[] {Engines.all().get(0), Engines.all().get(3)}) {
            float returned = e.engine.softmax(x, 0, y, 0, length);
            Tolerance.assertProbabilities(e + " 64M softmax", y, 0, p, Tolerance.PROB_REL_LONG);
            Tolerance.assertLogValue(e + " 64M lse", -1, returned, lse);
            double total = 0;
            for (float v : y) {
                total += v;
            }
            assertTrue(Math.abs(total - 1) <= Tolerance.PROB_REL_LONG, e + " 64M row sums to " + total);
        }
    }

    @Test
    void panamaAgreesWithScalar() {
        SoftmaxEngine scalar = new SoftmaxEngine(Engines.scalarKernels());
        SoftmaxEngine panama = new SoftmaxEngine(Engines.panamaKernels());
        for (Inputs inputs : Inputs.values()) {
            for (int length = 1; length <= 1 << 18; length = length * 3 + 1) {
                float[] x = TestRows.row(inputs, 13, 1, length);
                float[] a = new float[length];
                float[] b = new float[length];
                float lseA = scalar.softmax(x, 1, a, 0, length);
                float lseB = panama.softmax(x, 1, b, 0, length);
                String what = inputs + " length " + length;
                for (int i = 0; i < length; i++) {
                    Tolerance.assertClose(what + " softmax", i, b[i], a[i], 2 * Tolerance.PROB_REL, 2 * Tolerance.FLUSH_ABS);
                }
                Tolerance.assertClose(what + " lse", -1, lseB, lseA, 0, 2 * Tolerance.LOG_REL * Math.max(1, Math.abs(lseA)));
                scalar.logSoftmax(x, 1, a, 0, length);
                panama.logSoftmax(x, 1, b, 0, length);
                for (int i = 0; i < length; i++) {
                    if (a[i] != b[i]) {
                        Tolerance.assertClose(what + " logSoftmax", i, b[i], a[i], 0,
                                2 * Tolerance.LOG_REL * Math.max(1, Math.abs(a[i])));
                    }
                }
            }
        }
    }
}
