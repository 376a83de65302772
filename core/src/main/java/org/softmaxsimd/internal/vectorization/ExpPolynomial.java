package org.softmaxsimd.internal.vectorization;

/**
 * The one exp algorithm of the library, as scalar code. {@link PanamaKernelSupport} evaluates the same
 * operations, in the same order, lane-wise; since every step is either exact or a single correctly rounded
 * IEEE operation (add, fused multiply-add, bit shift), a vector lane and this method give bit-identical
 * results for the same input.
 *
 * <p>Algorithm: {@code exp(x - shift)} where the difference {@code d = x - shift} is carried as an
 * unevaluated sum {@code d + err} (Knuth's TwoSum), so that the cancellation in {@code x - max} does not
 * cost accuracy when x and the max differ in magnitude. Range reduction {@code d = n·ln2 + r},
 * |r| ≤ ln2/2, with n rounded by the "magic number" trick that leaves {@code n + 127} in the low mantissa
 * bits, so that {@code 2^n} is built by one shift (no float-to-int conversion, which is not intrinsified at
 * 512 bits on JDK 17); then {@code exp(r) ≈ 1 + r·q(r)} with a degree-4 q fitted by
 * {@code tools/fit_exp_poly.py} (minimax relative error 9.5e-8).
 *
 * <p>Domain and error: defined for {@code d ≤ 88.0} (the kernels only use {@code d ≤ 0}). For
 * {@code d < }{@link #UNDERFLOW_CUTOFF} ≈ −86.99 (including −∞) the result is exactly {@code +0.0}: results below
 * {@code 2^-125.5 ≈ 1.67e-38} are flushed to zero, never returned as subnormals. The measured maximum error
 * over every float {@code x} in [−87.3, 0] with {@code shift = 0} is stated in README.md and checked by
 * {@code ExpPolynomialTest}.
 */
public final class ExpPolynomial {
    /** log2(e), rounded to float. */
    static final float LOG2E = 0x1.715476p0f;
    /**
     * 1.5·2^23 + 127: adding it to a float of magnitude below 2^22 rounds to an integer n and leaves
     * {@code n + 127} (the biased exponent of 2^n) in the low mantissa bits.
     */
    static final float MAGIC_BIAS = 0x1.8000fep23f;
    /** ln2 split in a part with trailing zero bits (so n·LN2_HI is exact for |n| ≤ 2^9) and the rest. */
    static final float LN2_HI = 0x1.62e400p-1f;
    static final float LN2_LO = 0x1.7f7d1cp-20f;
    static final float C1 = 0x1.fffff6p-1f;
    static final float C2 = 0x1.fffdc6p-2f;
    static final float C3 = 0x1.555a6ap-3f;
    static final float C4 = 0x1.573a4ap-5f;
    static final float C5 = 0x1.0fa80ep-7f;
    /**
     * −125.5·ln2 ≈ −86.99: from here up, n ≥ −125, so every intermediate and the result are normal floats.
     * Below it the result is flushed to zero: subnormal operands cost x86 cores a microcode assist of
     * about a hundred cycles each (measured: exp over [−87, 0] ran 6× slower before this cutoff).
     */
    public static final float UNDERFLOW_CUTOFF = -0x1.5bf5bap6f;
    /** Exponent shift of a float's bits. */
    static final int MANTISSA_BITS = 23;

    private ExpPolynomial() {
    }

    /**
     * Returns {@code exp(x - shift)}, flushing results below {@code 2^-125.5} to {@code +0.0}.
     *
     * @param x     the argument, any float but NaN or +∞ when {@code shift} is finite
     * @param shift the subtracted value, finite, with {@code x - shift ≤ 88.0}
     * @return {@code exp(x - shift)} within the error stated in the class comment
     */
    public static float expShifted(float x, float shift) {
        float negShift = -shift;
        float d = x + negShift;
        // TwoSum: err is the exact rounding error of d, so d + err == x - shift exactly.
        float bb = d - x;
        float err = (x - (d - bb)) + (negShift - bb);
        float t = Math.fma(d, LOG2E, MAGIC_BIAS);
        float scale = Float.intBitsToFloat(Float.floatToRawIntBits(t) << MANTISSA_BITS);
        float n = t - MAGIC_BIAS;
        float r = Math.fma(n, -LN2_HI, d);
        r = Math.fma(n, -LN2_LO, r) + err;
        float p = Math.fma(C5, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, C1);
        // 1 + r·q rounds once; the product with the power of two is exact (the cutoff keeps it normal).
        float e = Math.fma(p, r, 1f) * scale;
        return d < UNDERFLOW_CUTOFF ? 0f : e;
    }
}
