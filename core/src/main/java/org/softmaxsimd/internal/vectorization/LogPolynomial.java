package org.softmaxsimd.internal.vectorization;

/**
 * The natural log of a row's sum of exps, as scalar code: the same operations, in the same order, as the
 * lane-wise log of the SIMD row kernels ({@code PanamaKernelSupport.logOfSum}), each a single correctly rounded
 * IEEE operation or exact, so a lane and this method give the same bits. The short-row paths of the library
 * (one-row calls of at most {@link KernelSupport#SHORT_ROW_LIMIT} elements, the row kernels of both
 * implementations) take ln Σ from here, so that a row's log-softmax and log-sum-exp have the same bits whether it
 * comes alone or in a batch, where the SIMD kernels take the logs of many rows at once instead of a
 * {@link Math#log} per row.
 *
 * <p>Algorithm: s = 2^k·f with f ∈ [1, 2) taken from the bits (no conversion instruction: k as a float from
 * 2^23 + e − (2^23 + 127)); ln f = 2·atanh(t), t = (f − 1)/(f + 1) ∈ [0, 1/3], by eight terms of its series (the
 * ninth is below 2e-10), in t² and t⁴ (pairs of terms, then a Horner chain of three fused multiply-adds in t⁴, not
 * seven in t²: a shorter chain of latencies for a lone row, 0.94-0.97× the one-row 1×16 time on Zen 5); k·ln 2
 * added in two parts (k·LN2_HI exact). Domain: s ∈ [1, 2^100) (a sum of exps
 * includes exp(0) = 1). Error: within 2.5e-7 plus half an ulp of ln s (tested by {@code LogOfSumTest} over every
 * float of [1, 2] and a stride through [1, 2^24]), inside the 1e-6·max(1, |value|) bounds of log-sum-exp and
 * log-softmax.
 */
public final class LogPolynomial {
    /** 2^23 as the bits of a float whose low mantissa bits take an exponent field: 2^23 + e. */
    static final int TWO_TO_23_BITS = 0x4B00_0000;
    /** 2^23 + 127: subtracted from 2^23 + e, it leaves k = e − 127. */
    static final float EXPONENT_BIAS = 0x1p23f + 127f;
    static final int MANTISSA_MASK = 0x007F_FFFF;
    /** The bits of 1.0f: or-ed with a mantissa, a float in [1, 2). */
    static final int ONE_BITS = 0x3F80_0000;
    /** The series' coefficients 2/(2j + 1), the highest first. */
    static final float A15 = 2f / 15;
    static final float A13 = 2f / 13;
    static final float A11 = 2f / 11;
    static final float A9 = 2f / 9;
    static final float A7 = 2f / 7;
    static final float A5 = 2f / 5;
    static final float A3 = 2f / 3;
    static final float A1 = 2f;

    private LogPolynomial() {
    }

    /**
     * Returns ln s for s ∈ [1, 2^100), within 2.5e-7 plus half an ulp of the result.
     *
     * @param s a sum of exps, at least 1 (outside the domain the result is meaningless, not an exception)
     * @return ln s, the bits of the SIMD kernels' lane-wise log
     */
    public static float lnOfSum(float s) {
        int bits = Float.floatToRawIntBits(s);
        float k = Float.intBitsToFloat((bits >>> ExpPolynomial.MANTISSA_BITS) | TWO_TO_23_BITS) - EXPONENT_BIAS;
        float f = Float.intBitsToFloat((bits & MANTISSA_MASK) | ONE_BITS);
        float t = (f - 1f) / (f + 1f);
        float t2 = t * t;
        float t4 = t2 * t2;
        float q01 = Math.fma(t2, A3, A1);
        float q23 = Math.fma(t2, A7, A5);
        float q45 = Math.fma(t2, A11, A9);
        float q67 = Math.fma(t2, A15, A13);
        float q = Math.fma(t4, Math.fma(t4, Math.fma(t4, q67, q45), q23), q01);
        float lnF = t * q;
        return Math.fma(k, ExpPolynomial.LN2_LO, lnF) + k * ExpPolynomial.LN2_HI;
    }
}
