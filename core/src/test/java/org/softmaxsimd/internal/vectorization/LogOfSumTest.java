package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The lane-wise natural log of the batched short-row kernels ({@link PanamaKernelSupport#logOfSum}) against
 * {@link Math#log}, over sums of exps in [1, 2^24]: every float of [1, 2] and of [15.9, 16.1] (a narrow row's sum
 * of at most 16 exps), a stride through the rest, and each power of two with its neighbours. The documented
 * bound is 2.5e-7 plus half an ulp of the result (its rounding to float); the lanes are independent (the same
 * value in any lane gives the same bits); and each lane has the bits of the scalar {@link LogPolynomial#lnOfSum},
 * which the one-row calls and the scalar kernels use.
 */
class LogOfSumTest {

    private static final double BOUND = 2.5e-7;
    private static final int LANES = PanamaKernelSupport.SPECIES.length();

    private static double worst;

    @Test
    void withinItsBoundOverTheSumsOfExps() {
        worst = 0;
        check(1f, 2f, 1);
        check(15.9f, 16.1f, 1);
        check(1f, 0x1p24f, 997);
        for (int e = 0; e <= 24; e++) {
            float p = (float) Math.scalb(1.0, e);
            checkOne(p);
            checkOne(Math.nextUp(p));
            if (e > 0) {
                checkOne(Math.nextDown(p));
            }
        }
        assertTrue(worst <= BOUND, "worst error beyond the rounding " + worst);
    }

    @Test
    void aLaneDoesNotDependOnItsNeighbours() {
        float[] mixed = new float[LANES];
        for (int i = 0; i < LANES; i++) {
            mixed[i] = 1f + i * 0.37f;
        }
        float[] out = mixed.clone();
        PanamaKernelSupport.logOfSum(out, 0);
        for (int i = 0; i < LANES; i++) {
            float[] alone = new float[LANES];
            java.util.Arrays.fill(alone, mixed[i]);
            float[] one = alone.clone();
            PanamaKernelSupport.logOfSum(one, 0);
            assertEquals(Float.floatToIntBits(one[0]), Float.floatToIntBits(out[i]), "lane " + i);
        }
    }

    private static void check(float from, float to, int stride) {
        float[] batch = new float[LANES];
        int filled = 0;
        for (int bits = Float.floatToIntBits(from); bits <= Float.floatToIntBits(to); bits += stride) {
            batch[filled++] = Float.intBitsToFloat(bits);
            if (filled == LANES) {
                checkBatch(batch, filled);
                filled = 0;
            }
        }
        checkBatch(batch, filled);
    }

    private static void checkOne(float s) {
        checkBatch(new float[] {s}, 1);
    }

    private static void checkBatch(float[] values, int n) {
        float[] in = new float[LANES];
        java.util.Arrays.fill(in, 1f);
        System.arraycopy(values, 0, in, 0, n);
        float[] out = in.clone();
        PanamaKernelSupport.logOfSum(out, 0);
        for (int i = 0; i < n; i++) {
            float scalar = LogPolynomial.lnOfSum(in[i]);
            if (Float.floatToRawIntBits(scalar) != Float.floatToRawIntBits(out[i])) {
                throw new AssertionError("ln " + in[i] + ": lane " + out[i] + ", scalar " + scalar);
            }
            double exact = Math.log(in[i]);
            double error = Math.abs(out[i] - exact) - Math.ulp((float) exact) / 2;
            if (error > worst) {
                worst = error;
            }
            if (error > BOUND) {
                throw new AssertionError("ln " + in[i] + " = " + Math.log(in[i]) + " but was " + out[i]);
            }
        }
    }
}
