package org.softmaxsimd.internal.vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The max of floats with {@link Math#max} semantics (NaN wins, +0 above −0), found by integer max and min over
 * their bits instead of a float max: the row max of the {@code max} kernel, which the engine calls for rows longer
 * than {@link KernelSupport#SHORT_ROW_LIMIT} (a compilation of its own behind the kernel barrier).
 *
 * <p>Why: the Vector API's lane-wise float {@code max} keeps Java's semantics for NaN and −0.0 with several
 * instructions per vector, and a compare-and-blend goes through a mask that JDK 17 turns into a vector and back.
 * Integer {@code max}/{@code min} are one instruction each. Measured on Zen 5 (session 14, 16 lanes, stand-alone
 * loop over 256 rows of 1000): 0.05 ns per element against 0.17 for the lane-wise max on JDK 17, 0.04 against
 * 0.25 on JDK 25. The short-row kernels do not use it: inside their compilations its extra operations pushed C2
 * past its node-count cut-off, after which the exp's helpers stayed calls and boxed their vectors.
 *
 * <p>How: read as a signed int, a float's bits order the non-negative floats (+0 … +∞, then the NaNs with the
 * sign bit clear) upwards, and the negative floats (−0 … −∞, then the NaNs with the sign bit set) downwards,
 * all below every non-negative one. So over a set of floats, three accumulators give the max:
 * <ul>
 *   <li>{@code hi}, the integer max of the bits: when it is ≥ 0 the set holds a non-negative float, and hi is
 *       the largest of those, or a NaN with the sign bit clear;</li>
 *   <li>{@code lo}, the integer min: when every float is negative, the one nearest −0, which is their max;</li>
 *   <li>{@code magnitude}, the integer max of the bits without the sign: above the bits of +∞ exactly when the
 *       set holds a NaN of either sign (NaNs with the sign bit set hide from hi when a non-negative float is
 *       there, and from lo always).</li>
 * </ul>
 * The result is the float max exactly (a max is one of its operands: nothing is rounded), so the kernels' bits
 * do not depend on how the max was found.
 */
final class PanamaBitMax {
    private static final VectorSpecies<Float> SPECIES = PanamaKernelSupport.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Every bit but the sign. */
    private static final int MAGNITUDE_BITS = 0x7fff_ffff;
    /** The bits of +∞: larger magnitudes are NaNs. */
    private static final int INFINITY_BITS = 0x7f80_0000;

    private PanamaBitMax() {
    }

    /**
     * The max (Math.max semantics) of the row of {@code cols} floats of x from {@code at}, of which the first
     * {@code whole} (a multiple of LANES) are read by whole vectors. A row of at least one vector starts from the
     * vector of its last LANES elements (it overlaps the whole vectors when the row is ragged: a max may see an
     * element twice), so no scalar tail remains; a shorter row is read by scalar code. Either way the result is
     * the same float.
     */
    static float rowMax(float[] x, int at, int whole, int cols) {
        if (whole == 0) {
            return ScalarKernelSupport.max(x, at, at + cols, Float.NEGATIVE_INFINITY);
        }
        IntVector last = FloatVector.fromArray(SPECIES, x, at + cols - LANES).reinterpretAsInts();
        IntVector hi = last;
        IntVector lo = last;
        IntVector magnitude = last.and(MAGNITUDE_BITS);
        for (int i = 0; i < whole; i += LANES) {
            IntVector b = FloatVector.fromArray(SPECIES, x, at + i).reinterpretAsInts();
            hi = hi.max(b);
            lo = lo.min(b);
            magnitude = magnitude.max(b.and(MAGNITUDE_BITS));
        }
        // Per lane, the larger of hi and lo as an order key: a signed int that orders as the floats do (a float's
        // bits with every bit but the sign flipped when it is negative; fromKey is the inverse), raised to
        // Integer.MAX_VALUE (a NaN's bits) in the lanes whose magnitude is above +∞'s; then one integer max over
        // the lanes. Written out here: a vector passed to a helper that C2 left a call (it did, once the helper
        // was compiled on its own) is boxed, 384 B per call.
        IntVector hiKey = hi.lanewise(VectorOperators.XOR, hi.lanewise(VectorOperators.ASHR, 31).and(MAGNITUDE_BITS));
        IntVector loKey = lo.lanewise(VectorOperators.XOR, lo.lanewise(VectorOperators.ASHR, 31).and(MAGNITUDE_BITS));
        IntVector nan = magnitude.neg().add(INFINITY_BITS).lanewise(VectorOperators.ASHR, 31)
                .lanewise(VectorOperators.XOR, Integer.MIN_VALUE);
        return fromKey(hiKey.max(loKey).max(nan).reduceLanes(VectorOperators.MAX));
    }

    /** The float whose order key (see {@link #rowMax}) is {@code key}: a NaN for Integer.MAX_VALUE. */
    static float fromKey(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & MAGNITUDE_BITS));
    }
}
