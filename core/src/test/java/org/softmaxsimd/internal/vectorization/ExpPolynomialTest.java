package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The exp of the kernels: its error in ulps over the floats of [UNDERFLOW_CUTOFF, 0] (every float when run
 * with {@code -Dexp.sweep.stride=1}; every 7th by default to keep the suite fast), its flush to zero below
 * the cutoff, and that the SIMD lanes and the scalar code give the same bits.
 */
class ExpPolynomialTest {

    /**
     * Documented maximum error of {@link ExpPolynomial#expShifted}, in ulps of the float result: the full sweep
     * ({@code -Dexp.sweep.stride=1}, all 1,118,698,206 floats of [−86.99, 0]) measured 2.011 ulp at x = −48.820118.
     */
    static final double MAX_ULPS = 2.02;

    private static final int CHUNK = 1 << 16;

    @Test
    void errorOverTheWholeDomainIsWithinTheDocumentedUlps() {
        int stride = Integer.getInteger("exp.sweep.stride", 7);
        KernelSupport panama = VectorizationProvider.panama();
        float[] x = new float[CHUNK];
        float[] simd = new float[CHUNK];
        double worst = 0;
        float worstAt = 0;
        long checked = 0;
        int from = Float.floatToRawIntBits(-0f);
        int to = Float.floatToRawIntBits(ExpPolynomial.UNDERFLOW_CUTOFF);
        int n = 0;
        for (long bits = from; bits <= to; bits += stride) {
            x[n++] = Float.intBitsToFloat((int) bits);
            if (n == CHUNK || bits + stride > to) {
                panama.expScale(x, 0, simd, 0, n, 0f, 1f);
                for (int i = 0; i < n; i++) {
                    float scalar = ExpPolynomial.expShifted(x[i], 0f);
                    if (Float.floatToRawIntBits(scalar) != Float.floatToRawIntBits(simd[i])) {
                        throw new AssertionError("SIMD and scalar exp differ at " + x[i] + ": " + simd[i] + " vs " + scalar);
                    }
                    double exact = Math.exp(x[i]);
                    double ulps = Math.abs(scalar - exact) / Math.ulp((float) exact);
                    if (ulps > worst) {
                        worst = ulps;
                        worstAt = x[i];
                    }
                }
                checked += n;
                n = 0;
            }
        }
        System.out.printf("exp: max error %.4f ulp at x = %s over %d floats in [%s, 0] (stride %d)%n",
                worst, worstAt, checked, ExpPolynomial.UNDERFLOW_CUTOFF, stride);
        assertTrue(worst <= MAX_ULPS, "max error " + worst + " ulp at " + worstAt);
        assertTrue(checked > 1_000_000, "sweep too small: " + checked);
    }

    @Test
    void belowTheCutoffTheResultIsExactlyZero() {
        float[] below = {Math.nextDown(ExpPolynomial.UNDERFLOW_CUTOFF), -87.3f, -100f, -1e30f, -Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY};
        for (float v : below) {
            assertEquals(0f, ExpPolynomial.expShifted(v, 0f), "exp(" + v + ")");
        }
        assertTrue(ExpPolynomial.expShifted(ExpPolynomial.UNDERFLOW_CUTOFF, 0f) >= Float.MIN_NORMAL);
        assertEquals(1f, ExpPolynomial.expShifted(5f, 5f));
    }

    @Test
    void theShiftIsSubtractedExactly() {
        // 1e-3 - 9 is not a float; TwoSum carries the lost bits: exp(x - 9) must match the float64 value.
        float x = 1e-3f;
        float shift = 9f;
        double naive = Math.exp(x - shift);
        assertTrue(Math.abs(naive - Math.exp((double) x - shift)) / Math.ulp((float) naive) > 1,
                "the float subtraction alone must lose more than an ulp for this test to mean anything");
        double exact = Math.exp((double) x - shift);
        float e = ExpPolynomial.expShifted(x, shift);
        assertTrue(Math.abs(e - exact) / Math.ulp((float) exact) <= MAX_ULPS, e + " vs " + exact);
    }
}
