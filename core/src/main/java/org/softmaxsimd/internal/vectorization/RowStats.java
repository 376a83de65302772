package org.softmaxsimd.internal.vectorization;

/**
 * The max and the sum of exp(x − max) of one row (from {@code KernelSupport.logSoftmaxRow}: the max and the log
 * of that sum), packed into one {@code long} (two float bit patterns) so that a kernel can return both without
 * allocating. {@link #UNFINISHED} means the row's max is not finite (it holds
 * NaN or +∞, only −∞, or nothing): the caller's special-value path takes it. Internal API.
 */
public final class RowStats {

    /** No row has these stats: its max half would be a NaN pattern, which a finite max never is. */
    public static final long UNFINISHED = -1L;

    private RowStats() {
    }

    /**
     * Packs a finite {@code max} and its {@code sum}. The SIMD kernels write this expression out instead of
     * calling it: on JDK 17, past C2's node-count cut-off a call stays a call (every vector register is
     * caller-saved across it), which cost 1.9× the time of 4096 × 32 softmax rows.
     */
    public static long pack(float max, float sum) {
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(sum) & 0xFFFF_FFFFL);
    }

    /** The max of packed stats. */
    public static float max(long stats) {
        return Float.intBitsToFloat((int) (stats >>> 32));
    }

    /** The sum of packed stats. */
    public static float sum(long stats) {
        return Float.intBitsToFloat((int) stats);
    }

    /** Whether {@code v} is neither NaN nor infinite: the max of a row the fast paths take. */
    public static boolean isFinite(float v) {
        return Math.abs(v) <= Float.MAX_VALUE;
    }
}
