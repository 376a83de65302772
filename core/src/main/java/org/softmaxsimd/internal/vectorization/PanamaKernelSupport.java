package org.softmaxsimd.internal.vectorization;

import static org.softmaxsimd.internal.vectorization.ExpPolynomial.C1;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.C2;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.C3;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.C4;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.C5;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.LN2_HI;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.LN2_LO;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.LOG2E;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.MAGIC_BIAS;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.MANTISSA_BITS;
import static org.softmaxsimd.internal.vectorization.ExpPolynomial.UNDERFLOW_CUTOFF;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link KernelSupport} on the Java Vector API with the preferred species (512 bits on AVX-512, or what
 * {@code -XX:MaxVectorSize} allows). One of the only files that import {@code jdk.incubator.vector};
 * it is loaded reflectively by {@link VectorizationProvider} only when that module is present.
 *
 * <p>Rules that keep C2 from falling back to boxed vectors (measured, see docs/VECTOR_API.md): the species is
 * a {@code static final} constant; each hot loop lives in a small method; no masked loads or stores: the
 * last {@code length % lanes} elements go through the scalar code of {@link ScalarKernelSupport}, which
 * computes the same exp bit for bit.
 *
 * <p>Sums across lanes never use {@code reduceLanes(ADD)}, whose order is unspecified and, on JDK 23+, differs
 * between the interpreter's Java fallback (lane 0 first) and C2's intrinsic (a tree): the lanes are folded in a
 * fixed tree of lane-wise adds ({@link #sumLanes}) or stored and added in scalar code in a fixed order
 * ({@link #laneSum}), which every tier computes to the same bits, so a result does not depend on whether its kernel was compiled yet.
 */
final class PanamaKernelSupport implements KernelSupport {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Four independent accumulators hide the latency of add/max in the memory-light reductions. */
    private static final int UNROLLED = 4 * LANES;
    private static final ScalarKernelSupport TAIL = ScalarKernelSupport.INSTANCE;
    /** 0, 1, …, LANES − 1: the column of each lane in a vector of a row. */
    private static final float[] IOTA = iota();
    /** Lane l holds l. */
    private static final FloatVector LANE_INDEX = FloatVector.fromArray(SPECIES, IOTA, 0);

    // The fixed-order lane sums: lane i takes lane i ^ h (a swap of blocks of h lanes) and adds it.
    private static final VectorShuffle<Float> SWAP_1 = swap(1);
    private static final VectorShuffle<Float> SWAP_2 = swap(2);
    private static final VectorShuffle<Float> SWAP_4 = swap(4);
    private static final VectorShuffle<Float> SWAP_8 = swap(8);
    // The lanes whose index has bit h set: the lanes that a transpose stage takes from the other row.
    private static final VectorMask<Float> HIGH_1 = laneBitSet(1);
    private static final VectorMask<Float> HIGH_2 = laneBitSet(2);
    private static final VectorMask<Float> HIGH_4 = laneBitSet(4);
    private static final VectorMask<Float> HIGH_8 = laneBitSet(8);
    /**
     * Rows up to this width take the transposed path of {@link #narrowRows}. Measured (JDK 17 and 25, 16 and 8
     * lanes): 2× faster than one row at a time at 10 columns, even at 16, slower at 32.
     */
    static final int NARROW_COLS = 16;
    /**
     * Whether the transposes of {@link #narrowRows} use vector instructions: with 16 lanes (AVX-512), blocks of 16
     * columns by {@link #transposeSquare} in registers, narrower ones by gathers and scatters. Measured on Zen 4:
     * the scalar copies cost more than the arithmetic of the block; AVX2 has no scatter, and the Vector API's
     * fallback for it is a loop over lanes.
     */
    static final boolean VECTOR_TRANSPOSES = LANES == 16;
    /** ROW_STARTS[cols][r] = r·cols: the lane offsets of a column of a block of rows of that width. */
    private static final int[][] ROW_STARTS = rowStarts();
    // The per-lane slots of the cross-entropy paths in the second half of NARROW_BLOCK (the half the narrow
    // softmax path uses for log outputs): e_y, O and w_y in, then what crossEntropyLanes writes after them, then
    // (blocked rows only) each row's max and label logit.
    private static final int CE_LABEL_EXP = NARROW_COLS * LANES;
    private static final int CE_OTHERS = CE_LABEL_EXP + LANES;
    private static final int CE_WEIGHT = CE_OTHERS + LANES;
    private static final int CE_FACTOR = CE_WEIGHT + LANES;
    private static final int CE_LABEL_ENTRY = CE_FACTOR + LANES;
    private static final int CE_LOG1P = CE_LABEL_ENTRY + LANES;
    private static final int CE_LOG_SUM = CE_LOG1P + LANES;
    private static final int CE_MAX = CE_LOG_SUM + LANES;
    private static final int CE_LABEL_LOGIT = CE_MAX + LANES;
    /** Blocked rows: each row's max again, 0 for the rows CE_MAX marks NaN (their label logit is −∞ there). */
    private static final int CE_SHIFT = CE_LABEL_LOGIT + LANES;
    /** Blocked rows that are not {@link #paired}: each row's max, from the phase before the exps. */
    private static final int CE_ROW_MAX = CE_SHIFT + LANES;
    /**
     * Rows per block of {@link #directRows}. Batched rows wider than {@link #NARROW_COLS} and not {@link #paired}
     * find the maxima of a block's rows in a phase of their own before the exps ({@link #softmaxBlocks},
     * {@link #blockStats}), on every JDK. Interleaved JMH on Zen 5 (session 13, JDK 17, 4096 rows of 20-256
     * columns): softmax 0.73-0.82×, log-softmax and log-sum-exp 0.68-0.89× the time of one row at a time (median
     * of three rounds); JDK 25 took the phases already (Zen 4, session 8: 0.71 against 1.06 ns/el at 32 columns).
     * Session 8 had found JDK 17 slower with them on Zen 4, before the row statistics were packed inline.
     */
    private static final int ROW_BLOCK = 64;
    /**
     * The widest rows (whole vectors) that the softmax and row-statistics kernels take two at a time
     * ({@link #paired}). Same-JVM A/B on Zen 4, 4096 rows of 32 and 64 columns: on JDK 17 0.86-1.0× the time of
     * one row at a time for softmax, 0.75-0.9× for log-softmax / log-sum-exp; on JDK 25 0.93-0.98× and 0.75-0.85×
     * the time of the phases. From 128 columns two at a time was faster in one JVM and
     * slower in another (JDK 17 softmax).
     */
    private static final int PAIRED_COLS = 4 * LANES;
    /** Where the exps of {@link #rowStatsPair} go in ROW_STATS. */
    private static final int PAIR_SCRATCH = 2 * ROW_BLOCK;
    /**
     * Per thread, the maxima and sums of a block of {@link #directRows}, then the scratch of two rows' exps.
     */
    private static final ThreadLocal<float[]> ROW_STATS =
            ThreadLocal.withInitial(() -> new float[PAIR_SCRATCH + 2 * PAIRED_COLS]);
    /** Per thread, the block of {@link #narrowRows}: NARROW_COLS columns, as many exps, max, sum, finite flags. */
    private static final ThreadLocal<float[]> NARROW_BLOCK =
            ThreadLocal.withInitial(() -> new float[(2 * NARROW_COLS + 3) * LANES]);
    /**
     * Per thread, room for the 16 accumulators of {@link #dot4x4}: they are stored and summed in scalar code
     * ({@link #laneSum}), because 16 lane-sum trees written with vector shuffles made C2 stop inlining inside
     * the kernel and box its vectors (measured: 146 MB and 7× the time per 64×784×1000 GEMM).
     */
    private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[16 * LANES]);

    PanamaKernelSupport() {
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public int lanes() {
        return LANES;
    }

    /** Returns the vector width in bits. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /**
     * {@link PanamaBitMax#rowMax}: integer max and min over the bits, no float compares (Zen 5, session 14, JMH, two
     * interleaved rounds against the compare-and-blend max it replaced: this kernel 0.42-0.58× the time at 1 × 1024
     * and 256 × 1000 on JDK 17, 0.68-0.83× on JDK 25; log-sum-exp of those rows 0.71-0.79× and 0.87-0.88×).
     * The engine calls it for rows longer than {@link KernelSupport#SHORT_ROW_LIMIT}, through the kernel barrier,
     * so it is compiled on its own. The short-row kernels below keep the lane-wise float max ({@link #rowMax}):
     * the integer form's extra operations took them past C2's node-count cut-off, where the exp's helpers stay
     * calls and box their vectors (0.2-4 KB per one-row call of 16-128 columns, 1.6 MB per 4096 × 32 batch).
     */
    @Override
    public float max(float[] x, int offset, int length) {
        return PanamaBitMax.rowMax(x, offset, wholeVectors(length), length);
    }

    @Override
    public float sum(float[] x, int offset, int length) {
        int i = 0;
        float s = 0f;
        if (length >= UNROLLED) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (; i <= length - UNROLLED; i += UNROLLED) {
                acc0 = acc0.add(FloatVector.fromArray(SPECIES, x, offset + i));
                acc1 = acc1.add(FloatVector.fromArray(SPECIES, x, offset + i + LANES));
                acc2 = acc2.add(FloatVector.fromArray(SPECIES, x, offset + i + 2 * LANES));
                acc3 = acc3.add(FloatVector.fromArray(SPECIES, x, offset + i + 3 * LANES));
            }
            s = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        }
        return (float) ScalarKernelSupport.sum(x, offset + i, offset + length, s);
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float s = 0f;
        if (length >= UNROLLED) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (; i <= length - UNROLLED; i += UNROLLED) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES), acc1);
                acc2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES), acc2);
                acc3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES), acc3);
            }
            s = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        }
        return (float) ScalarKernelSupport.dot(a, aOffset + i, b, bOffset + i, length - i, s);
    }

    @Override
    public float weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        if (w == null) {
            for (; i <= length - LANES; i += LANES) {
                acc = acc.add(FloatVector.fromArray(SPECIES, x, xOffset + i).sub(shift));
            }
        } else {
            for (; i <= length - LANES; i += LANES) {
                acc = FloatVector.fromArray(SPECIES, x, xOffset + i).sub(shift)
                        .fma(FloatVector.fromArray(SPECIES, w, wOffset + i), acc);
            }
        }
        return (float) ScalarKernelSupport.weightedShiftedSum(w, wOffset + i, x, xOffset + i, length - i, shift,
                i == 0 ? 0f : sumLanes(acc));
    }

    /** The order of {@link #rowExpSum} (whose bits {@link #maxAndExpSum} promises). */
    @Override
    public float expSum(float[] x, int offset, int length, float shift) {
        return rowExpSum(x, offset, null, 0, wholeVectors(length), length, shift);
    }

    /** The order of {@link #rowExpSum}; y may be x (the last vector is loaded before the loop stores). */
    @Override
    public float expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift) {
        return rowExpSum(x, xOffset, y, yOffset, wholeVectors(length), length, shift);
    }

    // The short-row kernels. Many rows of at most NARROW_COLS elements are handled LANES rows at a time,
    // transposed (narrowRows); other rows in blocks, in phases (directRows), through the one-row helpers below
    // (whole vectors, then an overlapping last vector, see lastVector; rows shorter than a vector in scalar code).

    private static final int SOFTMAX = 0;
    private static final int LOG_SOFTMAX = 1;
    private static final int LOG_SUM_EXP = 2;

    @Override
    public long maxAndExpSum(float[] x, int offset, int length) {
        if (length % LANES == 0 && length > 0) {
            return statsWholeRow(x, offset, length);
        }
        int whole = wholeVectors(length);
        float max = rowMax(x, offset, whole, length);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        float sum = rowExpSum(x, offset, null, 0, whole, length, max);
        // RowStats.pack written out: past C2's node-count cut-off (JDK 17 reaches it after the exp; see
        // docs/VECTOR_API.md) a call to it stays a call, and every vector register is caller-saved across it.
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(sum) & 0xFFFF_FFFFL);
    }

    @Override
    public long softmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        if (length % LANES == 0 && length > 0) {
            return softmaxWholeRow(x, xOffset, y, yOffset, length);
        }
        int whole = wholeVectors(length);
        float max = rowMax(x, xOffset, whole, length);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        float sum = rowExpSum(x, xOffset, y, yOffset, whole, length, max);
        rowScale(y, yOffset, whole, length, 1f / sum);
        // RowStats.pack written out (see maxAndExpSum).
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(sum) & 0xFFFF_FFFFL);
    }

    /**
     * {@link #softmaxRow} of a row of whole vectors, kept in vectors from start to end: the max by
     * {@code reduceLanes(MAX)} (exact in any order; the tree of lane swaps it replaced was 12-25% slower at 1×16
     * and 1×128 on JDK 17 and 25, where every {@code rearrange} checks its shuffle), the sum spread to every lane by the
     * swaps of {@link #sumLanes} (the same tree, so the same bits as the general form), and 1/S a lane-wise float
     * division, equal to (float) (1.0 / S) (a double quotient rounded to float is the correctly rounded float
     * quotient). No tail.
     */
    private static long softmaxWholeRow(float[] x, int at, float[] y, int to, int cols) {
        FloatVector m = FloatVector.fromArray(SPECIES, x, at);
        for (int i = LANES; i < cols; i += LANES) {
            m = m.max(FloatVector.fromArray(SPECIES, x, at + i));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        FloatVector negShift = FloatVector.broadcast(SPECIES, -max);
        FloatVector s = FloatVector.zero(SPECIES);
        for (int i = 0; i < cols; i += LANES) {
            FloatVector e = exp(FloatVector.fromArray(SPECIES, x, at + i), negShift);
            e.intoArray(y, to + i);
            s = s.add(e);
        }
        if (LANES > 8) {
            s = s.add(s.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            s = s.add(s.rearrange(SWAP_4));
        }
        s = s.add(s.rearrange(SWAP_2));
        s = s.add(s.rearrange(SWAP_1));
        FloatVector factor = FloatVector.broadcast(SPECIES, 1f).div(s);
        for (int i = 0; i < cols; i += LANES) {
            FloatVector.fromArray(SPECIES, y, to + i).mul(factor).intoArray(y, to + i);
        }
        // RowStats.pack written out (see maxAndExpSum): as a call it cost 1.9× the time of 4096 × 32 rows, JDK 17.
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(s.lane(0)) & 0xFFFF_FFFFL);
    }

    @Override
    public long logSoftmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        long stats = maxAndExpSum(x, xOffset, length);
        if (stats == RowStats.UNFINISHED) {
            return stats;
        }
        float max = Float.intBitsToFloat((int) (stats >>> 32));
        float logSum = LogPolynomial.lnOfSum(Float.intBitsToFloat((int) stats));
        int whole = wholeVectors(length);
        rowSubtractTwice(x, xOffset, y, yOffset, whole, length, max, logSum);
        // RowStats.pack written out (see maxAndExpSum).
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(logSum) & 0xFFFF_FFFFL);
    }

    /**
     * {@link #maxAndExpSum} of a row of whole vectors, as {@link #softmaxWholeRow} computes its statistics (the
     * same operations in the same order, so the same bits as the general form) without storing the exps: the
     * general form's last-vector steps cost a one-row 1×16 log-sum-exp ~1.3× the time of the whole softmax.
     */
    private static long statsWholeRow(float[] x, int at, int cols) {
        FloatVector m = FloatVector.fromArray(SPECIES, x, at);
        for (int i = LANES; i < cols; i += LANES) {
            m = m.max(FloatVector.fromArray(SPECIES, x, at + i));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        FloatVector negShift = FloatVector.broadcast(SPECIES, -max);
        FloatVector s = FloatVector.zero(SPECIES);
        for (int i = 0; i < cols; i += LANES) {
            s = s.add(exp(FloatVector.fromArray(SPECIES, x, at + i), negShift));
        }
        // The tree of softmaxWholeRow, written out (a helper would box its vector past C2's cut-off).
        if (LANES > 8) {
            s = s.add(s.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            s = s.add(s.rearrange(SWAP_4));
        }
        s = s.add(s.rearrange(SWAP_2));
        s = s.add(s.rearrange(SWAP_1));
        // RowStats.pack written out (see maxAndExpSum).
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(s.lane(0)) & 0xFFFF_FFFFL);
    }

    /**
     * {@link #softmaxWholeRow} of two adjacent rows at once, their steps interleaved, so that the processor overlaps
     * the two rows' chains of latencies (max, its reduction, exps, the sum's tree, the division), which one row at a
     * time it could not: each row gets the operations of {@link #softmaxWholeRow} in the same order, so the same
     * bits. The exps of both rows go through one loop (one exp call site, see {@link #exp}). Returns the rows
     * done: 2, or 1 when the second row's max is not finite, or 0 when the first's is (nothing written). Its
     * first half is {@link #pairExps}; its sums and scaling are its own: {@link #rowStatsPair} with each row's
     * scaling after it (one {@link #rowScale} per row) took 1.12-1.19× this one's time at 32 and 64 columns on
     * both JDKs.
     */
    private static int softmaxWholeRowPair(float[] x, int at, float[] y, int to, int cols, float[] maxima) {
        int done = pairExps(x, at, cols, y, to, maxima, 0);
        if (done == 0) {
            return 0;
        }
        if (done == 1) {
            softmaxWholeRow(x, at, y, to, cols);
            return 1;
        }
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        for (int i = 0; i < cols; i += LANES) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, y, to + i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, y, to + cols + i));
        }
        // The trees of softmaxWholeRow, written out (a helper would box its vector past C2's cut-off).
        if (LANES > 8) {
            s0 = s0.add(s0.rearrange(SWAP_8));
            s1 = s1.add(s1.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            s0 = s0.add(s0.rearrange(SWAP_4));
            s1 = s1.add(s1.rearrange(SWAP_4));
        }
        s0 = s0.add(s0.rearrange(SWAP_2));
        s1 = s1.add(s1.rearrange(SWAP_2));
        s0 = s0.add(s0.rearrange(SWAP_1));
        s1 = s1.add(s1.rearrange(SWAP_1));
        FloatVector factor0 = FloatVector.broadcast(SPECIES, 1f).div(s0);
        FloatVector factor1 = FloatVector.broadcast(SPECIES, 1f).div(s1);
        for (int i = 0; i < cols; i += LANES) {
            FloatVector.fromArray(SPECIES, y, to + i).mul(factor0).intoArray(y, to + i);
            FloatVector.fromArray(SPECIES, y, to + cols + i).mul(factor1).intoArray(y, to + cols + i);
        }
        return 2;
    }

    @Override
    public long maxAndExpSumExcept(float[] x, int xOffset, float[] d, int dOffset, int length, int except,
                                   double scale) {
        int whole = wholeVectors(length);
        float max = rowMax(x, xOffset, whole, length);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        float label = ExpPolynomial.expShifted(x[xOffset + except], max);
        float others = rowExpSumExcept(x, xOffset, d, dOffset, whole, length, max, except);
        if (d != null) {
            rowScale(d, dOffset, whole, length, (float) (scale / ((double) label + others)));
        }
        // RowStats.pack written out (see maxAndExpSum).
        return ((long) Float.floatToRawIntBits(max) << 32) | (Float.floatToRawIntBits(others) & 0xFFFF_FFFFL);
    }

    /**
     * Σ_{i ≠ except} exp(x − shift) over the row, each exp stored into y at {@code out} unless y is null, in the
     * order of {@link #rowExpSum}. The label's term is left out of the vector sum by multiplying the vector that
     * holds it by weights min(1, |lane − label's lane|) (0 at the label, 1 elsewhere: e·1 is e), or, in the last
     * vector of a ragged row, by the blend that also drops the lanes the whole vectors summed: the row is not split
     * at the label, so its vectors stay whole.
     */
    private static float rowExpSumExcept(float[] x, int at, float[] y, int out, int whole, int cols, float shift,
                                         int except) {
        if (whole == 0) {
            return (float) ScalarKernelSupport.expStoreSumExcept(x, at, y, out, 0, cols, shift, except, 0.0);
        }
        FloatVector negShift = FloatVector.broadcast(SPECIES, -shift);
        int last = lastVector(cols);
        FloatVector lastX = FloatVector.fromArray(SPECIES, x, at + last);
        int end = whole < cols ? whole + LANES : whole;
        int labelVector = except - except % LANES;
        FloatVector labelWeights = FloatVector.fromArray(SPECIES, IOTA, 0).sub((float) (except % LANES)).abs()
                .min(1f);
        FloatVector acc = FloatVector.zero(SPECIES);
        // One exp call site, the last step as in rowExpSum.
        for (int i = 0; i < end; i += LANES) {
            int p = Math.min(i, last);
            FloatVector e = exp(i < whole ? FloatVector.fromArray(SPECIES, x, at + i) : lastX, negShift);
            if (y != null) {
                e.intoArray(y, out + p);
            }
            acc = acc.add(i < whole
                    ? (i == labelVector ? e.mul(labelWeights) : e)
                    : e.blend(0f, LANE_INDEX.lt((float) (whole - last)).or(LANE_INDEX.eq((float) (except - last)))));
        }
        // sumLanes written out (see rowExpSum).
        if (LANES > 8) {
            acc = acc.add(acc.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            acc = acc.add(acc.rearrange(SWAP_4));
        }
        acc = acc.add(acc.rearrange(SWAP_2));
        return acc.add(acc.rearrange(SWAP_1)).lane(0);
    }

    @Override
    public double crossEntropyRows(float[] x, int xOffset, int rows, int cols, int[] labels, int labelsOffset,
                                   float[] weights, int ignoreLabel, double scale, float[] d, int dOffset) {
        if (narrow(rows, cols)) {
            return narrowCrossEntropy(x, xOffset, rows, cols, labels, labelsOffset, weights, ignoreLabel, scale,
                    d, dOffset);
        }
        if (rows == 1) {
            return CrossEntropyRows.rowByRow(this, x, xOffset, rows, cols, labels, labelsOffset, weights,
                    ignoreLabel, scale, d, dOffset);
        }
        return blockedCrossEntropy(x, xOffset, rows, cols, labels, labelsOffset, weights, ignoreLabel, scale, d,
                dOffset);
    }

    /**
     * {@link #crossEntropyRows} of wider rows, LANES rows at a time in phases: each row's max, exps (stored
     * into d unscaled) and O, two rows at a time for {@link #paired} widths, otherwise the maxima of all the rows
     * first (as {@link #blockMaxima} does for softmax, so that the rows' chains overlap: on Zen 5 4096 rows of
     * 20, 100 and 200 columns took 0.88×, 0.85× and 0.83× the time of each row's max and exps together on JDK 17,
     * 0.95×, 0.83× and 0.82× on JDK 25, medians of six interleaved JMH rounds), then each row's exps; then the
     * arithmetic of all the rows' losses and factors lane-wise ({@link #crossEntropyLanes}), where one row at a
     * time it is a chain of a log and three divisions in double; then each row scaled by its factor and its label
     * entry written. A row whose max is not finite is done by {@link CrossEntropyRows#specialRow} in the first
     * phase (nothing of it was written).
     */
    private static double blockedCrossEntropy(float[] x, int xOffset, int rows, int cols, int[] labels,
                                              int labelsOffset, float[] weights, int ignoreLabel, double scale,
                                              float[] d, int dOffset) {
        float[] block = NARROW_BLOCK.get();
        float[] pair = paired(cols) ? ROW_STATS.get() : null;
        int whole = wholeVectors(cols);
        double total = 0;
        for (int r0 = 0; r0 < rows; r0 += LANES) {
            int n = Math.min(LANES, rows - r0);
            if (pair == null) {
                for (int r = 0, at = xOffset + r0 * cols; r < n; r++, at += cols) {
                    // Ignored rows too: reading a row costs less than a test in this loop.
                    block[CE_ROW_MAX + r] = rowMax(x, at, whole, cols);
                }
            }
            for (int r = 0; r < LANES; r++) {
                int label = r < n ? labels[labelsOffset + r0 + r] : ignoreLabel;
                int at = xOffset + (r0 + r) * cols;
                int to = dOffset + (r0 + r) * cols;
                if (pair != null && (r & 1) == 0 && r + 1 < n && label != ignoreLabel
                        && labels[labelsOffset + r0 + r + 1] != ignoreLabel) {
                    // Two rows at a time (rowStatsExceptPair); a special row among them goes on below.
                    int label1 = labels[labelsOffset + r0 + r + 1];
                    // Read before the exps are stored: d may be x (in place).
                    float labelLogit0 = x[at + label];
                    float labelLogit1 = x[at + cols + label1];
                    int done = rowStatsExceptPair(x, at, d, to, cols, label, label1, pair);
                    for (int q = 0; q < done; q++) {
                        int labelQ = q == 0 ? label : label1;
                        block[CE_MAX + r + q] = pair[q];
                        block[CE_SHIFT + r + q] = pair[q];
                        block[CE_LABEL_LOGIT + r + q] = q == 0 ? labelLogit0 : labelLogit1;
                        block[CE_OTHERS + r + q] = pair[2 + q];
                        block[CE_WEIGHT + r + q] = weights == null ? 1f : weights[labelQ];
                    }
                    if (done == 2) {
                        r++;
                        continue;
                    }
                    if (done == 1) {
                        r++;
                        label = label1;
                        at += cols;
                        to += cols;
                    }
                }
                float others = 1f;
                float weight = 0f;
                // NaN: a row the last phase skips (ignored, special or past the batch); a class weight may be 0.
                block[CE_MAX + r] = Float.NaN;
                // So that such a row's e_y is exp(−∞ − 0) = 0 (labelExps).
                block[CE_LABEL_LOGIT + r] = Float.NEGATIVE_INFINITY;
                block[CE_SHIFT + r] = 0f;
                if (label == ignoreLabel) {
                    if (r < n && d != null) {
                        java.util.Arrays.fill(d, to, to + cols, 0f);
                    }
                } else {
                    float labelLogit = x[at + label];
                    // A paired width comes here for an odd row or a neighbour with an ignored label.
                    float max = pair == null ? block[CE_ROW_MAX + r] : rowMax(x, at, whole, cols);
                    if (!RowStats.isFinite(max)) {
                        total += CrossEntropyRows.specialRow(x, at, cols, label, weights == null ? 1 : weights[label],
                                d, to, scale, 0f, null, 0, max);
                    } else {
                        // Stores the exps unscaled into d (which may be x: the label logit was read above).
                        others = rowExpSumExcept(x, at, d, to, whole, cols, max, label);
                        weight = weights == null ? 1f : weights[label];
                        block[CE_MAX + r] = max;
                        block[CE_SHIFT + r] = max;
                        block[CE_LABEL_LOGIT + r] = labelLogit;
                    }
                }
                block[CE_OTHERS + r] = others;
                block[CE_WEIGHT + r] = weight;
            }
            labelExps(block);
            crossEntropyLanes(block, CE_LABEL_EXP, (float) scale);
            for (int r = 0; r < n; r++) {
                if (Float.isNaN(block[CE_MAX + r])) {
                    continue;
                }
                int label = labels[labelsOffset + r0 + r];
                total += laneLoss(block, r, block[CE_LABEL_LOGIT + r], block[CE_MAX + r]);
                if (d != null) {
                    int to = dOffset + (r0 + r) * cols;
                    rowScale(d, to, whole, cols, block[CE_FACTOR + r]);
                    d[to + label] = block[CE_LABEL_ENTRY + r];
                }
            }
        }
        return total;
    }

    /**
     * {@link #rowMax} and {@link #rowExpSumExcept} of two adjacent rows of 1-4 whole vectors ({@link #paired}) at
     * once, their steps interleaved as in {@link #rowStatsPair}: the maxima at pair[0], pair[1], each row's sum of
     * the exps but its label's at pair[2], pair[3], the exps stored into d at {@code out} (the second row's at
     * {@code out + cols}), or into pair's scratch when d is null. The same operations per row as those two, so the
     * same bits. Returns the rows done: 2, 1 (the second row's max is not finite) or 0 (the first's; nothing
     * written).
     */
    private static int rowStatsExceptPair(float[] x, int at, float[] d, int out, int cols, int except0, int except1,
                                          float[] pair) {
        float[] e = d == null ? pair : d;
        int eAt = d == null ? PAIR_SCRATCH : out;
        int done = pairExps(x, at, cols, e, eAt, pair, 0);
        if (done == 0) {
            return 0;
        }
        if (done == 1) {
            pair[2] = rowExpSumExcept(x, at, d, out, cols, cols, pair[0], except0);
            return 1;
        }
        int labelVector0 = except0 - except0 % LANES;
        int labelVector1 = except1 - except1 % LANES;
        FloatVector weights0 = LANE_INDEX.sub((float) (except0 % LANES)).abs().min(1f);
        FloatVector weights1 = LANE_INDEX.sub((float) (except1 % LANES)).abs().min(1f);
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        for (int i = 0; i < cols; i += LANES) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, e, eAt + i);
            FloatVector v1 = FloatVector.fromArray(SPECIES, e, eAt + cols + i);
            s0 = s0.add(i == labelVector0 ? v0.mul(weights0) : v0);
            s1 = s1.add(i == labelVector1 ? v1.mul(weights1) : v1);
        }
        // The tree of rowExpSumExcept, written out for both rows.
        if (LANES > 8) {
            s0 = s0.add(s0.rearrange(SWAP_8));
            s1 = s1.add(s1.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            s0 = s0.add(s0.rearrange(SWAP_4));
            s1 = s1.add(s1.rearrange(SWAP_4));
        }
        s0 = s0.add(s0.rearrange(SWAP_2));
        s1 = s1.add(s1.rearrange(SWAP_2));
        pair[2] = s0.add(s0.rearrange(SWAP_1)).lane(0);
        pair[3] = s1.add(s1.rearrange(SWAP_1)).lane(0);
        return 2;
    }

    /**
     * e_y = exp(label logit − max) of a block's rows lane-wise into CE_LABEL_EXP, the bits of
     * {@link ExpPolynomial#expShifted} (a scalar exp per row was a chain of ~20 operations that cost ~10 ns per row
     * of 32 classes); 0 for the rows marked by a label logit of −∞ and a shift of 0. Vectors in and out through
     * the block, so a call that C2 does not inline boxes nothing.
     */
    private static void labelExps(float[] block) {
        FloatVector negShift = FloatVector.fromArray(SPECIES, block, CE_SHIFT).neg();
        exp(FloatVector.fromArray(SPECIES, block, CE_LABEL_LOGIT), negShift).intoArray(block, CE_LABEL_EXP);
    }

    /**
     * {@link #crossEntropyRows} LANES rows at a time, transposed as in {@link #narrowRows}: lane-wise max and
     * exps; each row's label exp e_y taken out of its column (set to 0, so the lane-wise column sum is O, the sum
     * of the others, exactly); then, lane-wise in float ({@link #crossEntropyLanes}), the factor scale·w_y / S,
     * the label entry and the loss, and the product of the exps by the factors. The losses are added in double
     * in the order of the rows. A row whose max is not finite is left out of the block's write-back and computed
     * by {@link CrossEntropyRows#specialRow}; rows of ignored labels get w = 0, so a factor of 0 (their exps are
     * finite: the row becomes +0), and no label entry.
     */
    private static double narrowCrossEntropy(float[] x, int xOffset, int rows, int cols, int[] labels,
                                             int labelsOffset, float[] weights, int ignoreLabel, double scale,
                                             float[] d, int dOffset) {
        float[] block = NARROW_BLOCK.get();
        int stats = 2 * NARROW_COLS * LANES;
        int flags = stats + 2 * LANES;
        double total = 0;
        for (int r0 = 0; r0 < rows; r0 += LANES) {
            int n = Math.min(LANES, rows - r0);
            int at = xOffset + r0 * cols;
            int to = dOffset + r0 * cols;
            transposeIn(x, at, n, cols, block);
            boolean special = columnMax(block, cols, stats, flags);
            expBlock(block, cols, stats, 0);
            for (int r = 0; r < LANES; r++) {
                int label = r < n ? labels[labelsOffset + r0 + r] : ignoreLabel;
                float labelExp = 0f;
                float weight = 0f;
                if (label != ignoreLabel && !(special && block[flags + r] != 0f)) {
                    labelExp = block[label * LANES + r];
                    block[label * LANES + r] = 0f;
                    weight = weights == null ? 1f : weights[label];
                }
                block[CE_LABEL_EXP + r] = labelExp;
                block[CE_WEIGHT + r] = weight;
            }
            sumColumns(block, 0, cols, CE_OTHERS);
            crossEntropyLanes(block, CE_LABEL_EXP, (float) scale);
            for (int r = 0; r < n; r++) {
                int label = labels[labelsOffset + r0 + r];
                if (label == ignoreLabel) {
                    if (special && block[flags + r] != 0f && d != null) {
                        java.util.Arrays.fill(d, to + r * cols, to + (r + 1) * cols, 0f);
                    }
                } else if (special && block[flags + r] != 0f) {
                    // Before the write-back below, so x is intact even in place.
                    total += CrossEntropyRows.specialRow(x, at + r * cols, cols, label,
                            weights == null ? 1 : weights[label], d, to + r * cols, scale, 0f, null, 0,
                            block[stats + r]);
                } else {
                    total += laneLoss(block, r, x[at + r * cols + label], block[stats + r]);
                }
            }
            if (d != null) {
                FloatVector factor = FloatVector.fromArray(SPECIES, block, CE_FACTOR);
                for (int j = 0; j < cols; j++) {
                    FloatVector.fromArray(SPECIES, block, j * LANES).mul(factor).intoArray(block, j * LANES);
                }
                transposeOut(block, n, cols, d, to, special ? flags : -1);
                for (int r = 0; r < n; r++) {
                    int label = labels[labelsOffset + r0 + r];
                    if (label != ignoreLabel && !(special && block[flags + r] != 0f)) {
                        d[to + r * cols + label] = block[CE_LABEL_ENTRY + r];
                    }
                }
            }
        }
        return total;
    }

    /**
     * Row r's w_y·(−log p_y) from the lanes {@link #crossEntropyLanes} wrote: log1p(O/e_y) or ln S − (x_y − m), as
     * {@link CrossEntropyRows#negativeLogLikelihood} chooses, with x_y − m exact in double.
     */
    private static double laneLoss(float[] block, int r, float labelLogit, float max) {
        double nll = block[CE_LABEL_EXP + r] > block[CE_OTHERS + r] ? block[CE_LOG1P + r]
                : block[CE_LOG_SUM + r] - ((double) labelLogit - max);
        return block[CE_WEIGHT + r] * nll;
    }

    /**
     * The per-row arithmetic of {@link CrossEntropyRows#row}, lane-wise in float, for the lanes at {@code at}: from
     * e_y, O and w_y (in this order), writes after them the factor scale·w_y / S, the label entry −O·factor,
     * log1p(O/e_y) = 2·atanh(z / (2 + z)) with z = O/e_y (meant for e_y > O, where it keeps a small loss's relative
     * accuracy: a few ulps) and ln S by {@link #logOfSum} (2.5e-7 plus half an ulp), S = e_y + O ≥ 1. Each
     * product and quotient is rounded once more than in double: within the documented bounds.
     */
    private static void crossEntropyLanes(float[] block, int at, float scale) {
        FloatVector labelExp = FloatVector.fromArray(SPECIES, block, at);
        FloatVector others = FloatVector.fromArray(SPECIES, block, at + LANES);
        FloatVector sum = labelExp.add(others);
        FloatVector factor = FloatVector.fromArray(SPECIES, block, at + 2 * LANES).mul(scale).div(sum);
        factor.intoArray(block, at + 3 * LANES);
        others.mul(factor).neg().intoArray(block, at + 4 * LANES);
        FloatVector ratio = others.div(labelExp);
        ratio.div(ratio.add(2f)).intoArray(block, at + 5 * LANES);
        twiceAtanh(block, at + 5 * LANES);
        sum.intoArray(block, at + 6 * LANES);
        logOfSum(block, at + 6 * LANES);
    }

    @Override
    public int softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        if (narrow(rows, cols)) {
            return narrowRows(SOFTMAX, x, xOffset, y, yOffset, rows, cols);
        }
        return directRows(SOFTMAX, x, xOffset, y, yOffset, rows, cols);
    }

    @Override
    public int logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        if (narrow(rows, cols)) {
            return narrowRows(LOG_SOFTMAX, x, xOffset, y, yOffset, rows, cols);
        }
        return directRows(LOG_SOFTMAX, x, xOffset, y, yOffset, rows, cols);
    }

    @Override
    public int logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        if (narrow(rows, cols)) {
            return narrowRows(LOG_SUM_EXP, x, xOffset, out, outOffset, rows, cols);
        }
        return directRows(LOG_SUM_EXP, x, xOffset, out, outOffset, rows, cols);
    }

    /**
     * Rows wider than the transposed path takes. Softmax: rows of 1-4 whole vectors two at a time
     * ({@link #softmaxWholeRowPair}), others {@link #softmaxBlocks} (one row: {@link #softmaxRow}). Log-softmax
     * and log-sum-exp: in blocks of {@link #ROW_BLOCK}, first the max and Σ exp(x − max) of every row of the
     * block ({@link #blockStats}), then ln Σ of all of them lane-wise ({@link #logOfSum}: a Math.log per row cost
     * 9 ns on JDK 17 and 13 on JDK 25, a third of a 32-column row's time), then its outputs ((x − max) − ln Σ,
     * or max + ln Σ), so that the rows of a phase, which do not wait for each other, overlap in the processor,
     * where one row's max, exp, sum, log and store are one chain of latencies. A batch of one row takes the
     * scalar {@link LogPolynomial#lnOfSum}, the same bits, without the per-thread block. Stops before a row whose
     * max is not finite, its block's earlier rows done.
     */
    private int directRows(int op, float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        if (rows == 1) {
            if (op == SOFTMAX) {
                return softmaxRow(x, xOffset, y, yOffset, cols) == RowStats.UNFINISHED ? 0 : 1;
            }
            if (op == LOG_SOFTMAX) {
                return logSoftmaxRow(x, xOffset, y, yOffset, cols) == RowStats.UNFINISHED ? 0 : 1;
            }
            long stats = maxAndExpSum(x, xOffset, cols);
            if (stats == RowStats.UNFINISHED) {
                return 0;
            }
            logRowOutput(op, x, xOffset, y, yOffset, cols, RowStats.max(stats),
                    LogPolynomial.lnOfSum(RowStats.sum(stats)));
            return 1;
        }
        float[] stats = ROW_STATS.get();
        if (op == SOFTMAX) {
            if (!paired(cols)) {
                return softmaxBlocks(x, xOffset, y, yOffset, rows, cols, stats);
            }
            int r = 0;
            for (; r + 1 < rows; r += 2) {
                int done = softmaxWholeRowPair(x, xOffset + r * cols, y, yOffset + r * cols, cols, stats);
                if (done < 2) {
                    return r + done;
                }
            }
            // The last row of an odd batch.
            if (r < rows && softmaxRow(x, xOffset + r * cols, y, yOffset + r * cols, cols) == RowStats.UNFINISHED) {
                return r;
            }
            return rows;
        }
        int whole = wholeVectors(cols);
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int block = Math.min(ROW_BLOCK, rows - r0);
            int n = blockStats(x, xOffset + r0 * cols, block, whole, cols, stats);
            // Lanes past n hold older sums (or 0): their logs are not used.
            for (int k = 0; k < n; k += LANES) {
                logOfSum(stats, ROW_BLOCK + k);
            }
            for (int r = 0; r < n; r++) {
                int to = op == LOG_SOFTMAX ? yOffset + (r0 + r) * cols : yOffset + r0 + r;
                logRowOutput(op, x, xOffset + (r0 + r) * cols, y, to, cols, stats[r], stats[ROW_BLOCK + r]);
            }
            if (n < block) {
                return r0 + n;
            }
        }
        return rows;
    }

    /**
     * Softmax rows in blocks of {@link #ROW_BLOCK} (rows that are not {@link #paired}), in three phases whose
     * rows do not wait for each other, so that their chains of latencies overlap: the max of every row, then each
     * row's exps (stored into y) and their sum, then each row's scaling by 1/Σ. The same operations in the same
     * order as {@link #softmaxRow}, so the same bits. Stops before a row whose max is not finite, its block's
     * earlier rows done.
     */
    private static int softmaxBlocks(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols,
                                     float[] stats) {
        int whole = wholeVectors(cols);
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int block = Math.min(ROW_BLOCK, rows - r0);
            int at = xOffset + r0 * cols;
            int to = yOffset + r0 * cols;
            int n = blockMaxima(x, at, block, whole, cols, stats);
            blockShiftedExpSums(x, at, y, to, n, whole, cols, stats);
            blockScale(y, to, n, whole, cols, stats);
            if (n < block) {
                return r0 + n;
            }
        }
        return rows;
    }

    /**
     * The max of each row of a block at stats[r] and its Σ exp(x − max) at stats[ROW_BLOCK + r], for the rows
     * before the first whose max is not finite; returns their number. Rows of at most {@link #PAIRED_COLS} whole
     * vectors two at a time ({@link #rowStatsPair}, an odd last row by {@link #maxAndExpSum}); others with the
     * rows' maxima in a phase of their own, then their exps; the same bits in every case.
     */
    private int blockStats(float[] x, int at, int block, int whole, int cols, float[] stats) {
        if (!paired(cols)) {
            int n = blockMaxima(x, at, block, whole, cols, stats);
            blockShiftedExpSums(x, at, null, 0, n, whole, cols, stats);
            return n;
        }
        int r = 0;
        for (; r + 1 < block; r += 2, at += 2 * cols) {
            int done = rowStatsPair(x, at, cols, stats, r);
            if (done < 2) {
                return r + done;
            }
        }
        // The last row of an odd block.
        if (r < block) {
            long row = maxAndExpSum(x, at, cols);
            if (row == RowStats.UNFINISHED) {
                return r;
            }
            stats[r] = RowStats.max(row);
            stats[ROW_BLOCK + r] = RowStats.sum(row);
        }
        return block;
    }

    /**
     * The first half of the two-row kernels, for two adjacent rows of {@link #paired} width: their maxima (Math.max
     * semantics) into maxima[m], maxima[m + 1], and, when both are finite, their exps exp(x − max) into e at
     * {@code eAt} (the second row's at {@code eAt + cols}; e may be x, in place: each vector is read before it is
     * written). The two rows' vectors alternate in one loop, so one exp call site serves both and the processor
     * overlaps their chains of latencies. Returns 2, 1 (the second max is not finite; no exps stored) or 0 (the
     * first is not). Arrays in and out: a vector returned from a call that C2 does not inline would be boxed.
     */
    private static int pairExps(float[] x, int at, int cols, float[] e, int eAt, float[] maxima, int m) {
        FloatVector m0 = FloatVector.fromArray(SPECIES, x, at);
        FloatVector m1 = FloatVector.fromArray(SPECIES, x, at + cols);
        for (int i = LANES; i < cols; i += LANES) {
            m0 = m0.max(FloatVector.fromArray(SPECIES, x, at + i));
            m1 = m1.max(FloatVector.fromArray(SPECIES, x, at + cols + i));
        }
        float max0 = m0.reduceLanes(VectorOperators.MAX);
        float max1 = m1.reduceLanes(VectorOperators.MAX);
        maxima[m] = max0;
        maxima[m + 1] = max1;
        if (!RowStats.isFinite(max0)) {
            return 0;
        }
        if (!RowStats.isFinite(max1)) {
            return 1;
        }
        // k / LANES odd: the second row's vector.
        for (int k = 0; k < 2 * cols; k += LANES) {
            boolean second = (k & LANES) != 0;
            int offset = second ? cols + (k - LANES) / 2 : k / 2;
            FloatVector negShift = FloatVector.broadcast(SPECIES, second ? -max1 : -max0);
            exp(FloatVector.fromArray(SPECIES, x, at + offset), negShift).intoArray(e, eAt + offset);
        }
        return 2;
    }

    /**
     * {@link #maxAndExpSum} of two adjacent rows of whole vectors (at most {@link #PAIRED_COLS}) at once, their
     * steps interleaved, into stats[r], stats[r + 1] (maxima) and stats[ROW_BLOCK + r], stats[ROW_BLOCK + r + 1]
     * (sums): the same operations per row in the same order, so the same bits. The exps go through one loop (one
     * exp call site) into the scratch after the statistics and are summed from there, as in
     * {@link #softmaxWholeRowPair}. Returns the rows done: 2, 1 (the second row's max is not finite) or 0.
     */
    private static int rowStatsPair(float[] x, int at, int cols, float[] stats, int r) {
        int done = pairExps(x, at, cols, stats, PAIR_SCRATCH, stats, r);
        if (done == 0) {
            return 0;
        }
        if (done == 1) {
            stats[ROW_BLOCK + r] = rowExpSum(x, at, null, 0, cols, cols, stats[r]);
            return 1;
        }
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        for (int i = 0; i < cols; i += LANES) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, stats, PAIR_SCRATCH + i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, stats, PAIR_SCRATCH + cols + i));
        }
        // The tree of rowExpSum, written out for both rows.
        if (LANES > 8) {
            s0 = s0.add(s0.rearrange(SWAP_8));
            s1 = s1.add(s1.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            s0 = s0.add(s0.rearrange(SWAP_4));
            s1 = s1.add(s1.rearrange(SWAP_4));
        }
        s0 = s0.add(s0.rearrange(SWAP_2));
        s1 = s1.add(s1.rearrange(SWAP_2));
        stats[ROW_BLOCK + r] = s0.add(s0.rearrange(SWAP_1)).lane(0);
        stats[ROW_BLOCK + r + 1] = s1.add(s1.rearrange(SWAP_1)).lane(0);
        return 2;
    }

    /**
     * stats[r] = the max of row r of the block, for the rows before the first whose max is not finite; returns
     * their number.
     */
    private static int blockMaxima(float[] x, int at, int n, int whole, int cols, float[] stats) {
        for (int r = 0; r < n; r++, at += cols) {
            float max = rowMax(x, at, whole, cols);
            if (!RowStats.isFinite(max)) {
                return r;
            }
            stats[r] = max;
        }
        return n;
    }

    /** Each row's exp(x − stats[r]) into y (unless null), and their sum at stats[ROW_BLOCK + r]. */
    private static void blockShiftedExpSums(float[] x, int at, float[] y, int to, int n, int whole, int cols,
                                            float[] stats) {
        for (int r = 0; r < n; r++, at += cols, to += cols) {
            stats[ROW_BLOCK + r] = rowExpSum(x, at, y, to, whole, cols, stats[r]);
        }
    }

    /** Each row of y times 1/stats[ROW_BLOCK + r], a float division: the bits of (float) (1.0 / S). */
    private static void blockScale(float[] y, int to, int n, int whole, int cols, float[] stats) {
        for (int r = 0; r < n; r++, to += cols) {
            rowScale(y, to, whole, cols, 1f / stats[ROW_BLOCK + r]);
        }
    }

    /** A row's log-softmax, (x − max) − ln Σ into y at {@code to}, or its log-sum-exp max + ln Σ at y[to]. */
    private static void logRowOutput(int op, float[] x, int at, float[] y, int to, int cols, float max,
                                     float logSum) {
        if (op == LOG_SOFTMAX) {
            rowSubtractTwice(x, at, y, to, wholeVectors(cols), cols, max, logSum);
        } else {
            y[to] = max + logSum;
        }
    }

    /**
     * LANES rows at a time, transposed: column j of the block becomes one vector (row r in lane r), so the max,
     * exp, sum and scale of LANES rows are lane-wise operations with no reduction across lanes, no tail and no
     * per-row call. The transposes are scalar copies through a per-thread block; a last block of fewer rows
     * fills its other lanes with 0 and writes back only its rows. Each row's result depends on its own values
     * only (lanes do not mix), so a row gives the same bits wherever it lies in the batch. A row whose max is not
     * finite is not written back but computed by {@link SpecialRows}: this path takes every row of the batch.
     */
    private static int narrowRows(int op, float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        float[] block = NARROW_BLOCK.get();
        int exps = NARROW_COLS * LANES;
        int stats = 2 * NARROW_COLS * LANES;
        int flags = stats + 2 * LANES;
        for (int r0 = 0; r0 < rows; r0 += LANES) {
            int n = Math.min(LANES, rows - r0);
            int at = xOffset + r0 * cols;
            int to = yOffset + r0 * (op == LOG_SUM_EXP ? 1 : cols);
            transposeIn(x, at, n, cols, block);
            boolean special = columnMax(block, cols, stats, flags);
            FloatVector max = FloatVector.fromArray(SPECIES, block, stats);
            expBlock(block, cols, stats, op == SOFTMAX ? 0 : exps);
            FloatVector sum = FloatVector.fromArray(SPECIES, block, stats + LANES);
            if (op == SOFTMAX) {
                FloatVector factor = FloatVector.broadcast(SPECIES, 1f).div(sum);
                for (int j = 0; j < cols; j++) {
                    FloatVector.fromArray(SPECIES, block, j * LANES).mul(factor).intoArray(block, j * LANES);
                }
                transposeOut(block, n, cols, y, to, special ? flags : -1);
            } else if (op == LOG_SUM_EXP) {
                logOfSum(block, stats + LANES);
                max.add(FloatVector.fromArray(SPECIES, block, stats + LANES)).intoArray(block, stats);
                System.arraycopy(block, stats, y, to, n);
            } else {
                logOfSum(block, stats + LANES);
                FloatVector logSum = FloatVector.fromArray(SPECIES, block, stats + LANES);
                for (int j = 0; j < cols; j++) {
                    FloatVector.fromArray(SPECIES, block, j * LANES).sub(max).sub(logSum).intoArray(block, j * LANES);
                }
                transposeOut(block, n, cols, y, to, special ? flags : -1);
            }
            if (special) {
                // The rows of the block whose max is not finite were left unwritten (x intact, even in place).
                for (int r = 0; r < n; r++) {
                    if (block[flags + r] != 0f) {
                        if (op == LOG_SUM_EXP) {
                            y[to + r] = SpecialRows.logSumExp(x, at + r * cols, cols);
                        } else {
                            SpecialRows.softmax(x, at + r * cols, y, to + r * cols, cols, op == LOG_SOFTMAX);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The lane-wise max (NaN wins) of the cols columns of the block, stored at {@code stats}, and at {@code flags}
     * max − max per lane: 0 for a finite max, NaN otherwise. Returns whether any lane's max is not finite (a sum of
     * zeros and NaNs does not depend on the order of the lanes).
     */
    private static boolean columnMax(float[] block, int cols, int stats, int flags) {
        FloatVector max = FloatVector.fromArray(SPECIES, block, 0);
        for (int j = 1; j < cols; j++) {
            max = max.max(FloatVector.fromArray(SPECIES, block, j * LANES));
        }
        FloatVector finite = max.sub(max);
        finite.intoArray(block, flags);
        max.intoArray(block, stats);
        return finite.reduceLanes(VectorOperators.ADD) != 0f;
    }

    /**
     * ln s lane-wise for sums of exps s ∈ [1, 2^100): {@link LogPolynomial#lnOfSum} in each lane, the same
     * operations in the same order, so the same bits (and so on every tier); it replaces LANES calls of Math.log.
     * In place on the LANES floats at {@code at}: a vector returned from a call that C2 does not inline would be
     * boxed.
     */
    static void logOfSum(float[] lanes, int at) {
        IntVector bits = FloatVector.fromArray(SPECIES, lanes, at).reinterpretAsInts();
        FloatVector k = bits.lanewise(VectorOperators.LSHR, MANTISSA_BITS).or(LogPolynomial.TWO_TO_23_BITS)
                .reinterpretAsFloats().sub(LogPolynomial.EXPONENT_BIAS);
        FloatVector f = bits.and(LogPolynomial.MANTISSA_MASK).or(LogPolynomial.ONE_BITS).reinterpretAsFloats();
        f.sub(1f).div(f.add(1f)).intoArray(lanes, at);
        twiceAtanh(lanes, at);
        FloatVector lnF = FloatVector.fromArray(SPECIES, lanes, at);
        k.fma(FloatVector.broadcast(SPECIES, LN2_LO), lnF).add(k.mul(LN2_HI)).intoArray(lanes, at);
    }

    /**
     * 2·atanh(t) = ln((1 + t)/(1 − t)) for t ∈ [0, 1/3], by the eight terms of {@link LogPolynomial}, in its
     * order (pairs of terms in t², then three fused multiply-adds in t⁴). In place on
     * the LANES floats at {@code at}: a vector returned from a call that C2 does not inline is boxed (seen on
     * JDK 25: 192 B per block of rows when this returned a vector).
     */
    private static void twiceAtanh(float[] lanes, int at) {
        FloatVector t = FloatVector.fromArray(SPECIES, lanes, at);
        FloatVector t2 = t.mul(t);
        FloatVector t4 = t2.mul(t2);
        FloatVector q01 = t2.fma(LogPolynomial.A3, LogPolynomial.A1);
        FloatVector q23 = t2.fma(LogPolynomial.A7, LogPolynomial.A5);
        FloatVector q45 = t2.fma(LogPolynomial.A11, LogPolynomial.A9);
        FloatVector q67 = t2.fma(LogPolynomial.A15, LogPolynomial.A13);
        FloatVector q = t4.fma(t4.fma(t4.fma(q67, q45), q23), q01);
        t.mul(q).intoArray(lanes, at);
    }

    /**
     * Writes exp(block_j − max) for each column j at {@code to} (0: in place), with max the vector at
     * {@code stats}, and their lane-wise sum at {@code stats + LANES}: four partial sums over the columns
     * j ≡ 0, 1, 2, 3 (mod 4), then (s0 + s1) + (s2 + s3). The exps are summed in a second loop so that the exp
     * has one call site; vectors go in and out through the block, so a call that C2 does not inline boxes nothing.
     */
    private static void expBlock(float[] block, int cols, int stats, int to) {
        FloatVector negShift = FloatVector.fromArray(SPECIES, block, stats).neg();
        for (int j = 0; j < cols; j++) {
            exp(FloatVector.fromArray(SPECIES, block, j * LANES), negShift).intoArray(block, to + j * LANES);
        }
        sumColumns(block, to, cols, stats + LANES);
    }

    /**
     * Writes at {@code out} the lane-wise sum of the cols columns of the block from {@code from}: four partial
     * sums over the columns j ≡ 0, 1, 2, 3 (mod 4), then (s0 + s1) + (s2 + s3).
     */
    private static void sumColumns(float[] block, int from, int cols, int out) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int j = 0;
        for (; j + 4 <= cols; j += 4) {
            int at = from + j * LANES;
            s0 = s0.add(FloatVector.fromArray(SPECIES, block, at));
            s1 = s1.add(FloatVector.fromArray(SPECIES, block, at + LANES));
            s2 = s2.add(FloatVector.fromArray(SPECIES, block, at + 2 * LANES));
            s3 = s3.add(FloatVector.fromArray(SPECIES, block, at + 3 * LANES));
        }
        for (; j < cols; j++) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, block, from + j * LANES));
        }
        s0.add(s1).add(s2.add(s3)).intoArray(block, out);
    }

    /** block[j·LANES + r] = x[at + r·cols + j] for r < n; the lanes r ≥ n are 0. */
    private static void transposeIn(float[] x, int at, int n, int cols, float[] block) {
        if (VECTOR_TRANSPOSES && n == LANES && cols == LANES) {
            transposeSquare(x, at, block, 0);
            return;
        }
        if (VECTOR_TRANSPOSES && n == LANES) {
            int[] rowStarts = ROW_STARTS[cols];
            for (int j = 0; j < cols; j++) {
                FloatVector.fromArray(SPECIES, x, at + j, rowStarts, 0).intoArray(block, j * LANES);
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            int row = at + r * cols;
            for (int j = 0; j < cols; j++) {
                block[j * LANES + r] = x[row + j];
            }
        }
        for (int r = n; r < LANES; r++) {
            for (int j = 0; j < cols; j++) {
                block[j * LANES + r] = 0f;
            }
        }
    }

    /** y[at + r·cols + j] = block[j·LANES + r] for r < n, but for the rows flagged non-zero at flags (if ≥ 0). */
    private static void transposeOut(float[] block, int n, int cols, float[] y, int at, int flags) {
        if (VECTOR_TRANSPOSES && n == LANES && flags < 0 && cols == LANES) {
            transposeSquare(block, 0, y, at);
            return;
        }
        if (VECTOR_TRANSPOSES && n == LANES && flags < 0) {
            int[] rowStarts = ROW_STARTS[cols];
            for (int j = 0; j < cols; j++) {
                FloatVector.fromArray(SPECIES, block, j * LANES).intoArray(y, at + j, rowStarts, 0);
            }
            return;
        }
        for (int r = 0; r < n; r++) {
            if (flags >= 0 && block[flags + r] != 0f) {
                continue;
            }
            int row = at + r * cols;
            for (int j = 0; j < cols; j++) {
                y[row + j] = block[j * LANES + r];
            }
        }
    }

    /**
     * dst[to + 16·c + r] = src[from + 16·r + c] for r, c &lt; 16 (16 lanes only; a NaN may lose its payload in the
     * Vector API's Java fallback, before C2 compiles this): the transpose of a 16 × 16 block,
     * in registers, by four stages that each swap one bit h of the row index with the same bit of the column
     * index (rows i and i + h exchange their off-diagonal h-lane halves: a swap of lanes l ↔ l ^ h and a blend).
     * Stages h = 8 and 4 act within the rows {i, i + 4, i + 8, i + 12}, h = 2 and 1 within {i, …, i + 3}, so each
     * pass holds four vectors and goes through memory once: src to dst, then dst in place. Measured on Zen 4 per
     * 16 × 16 block: ~400 cycles on JDK 17 (each rearrange checks its shuffle there), ~100-180 on JDK 25, against
     * ~500-560 for 16 gathers (more than the block's 16 exps).
     */
    static void transposeSquare(float[] src, int from, float[] dst, int to) {
        // The two passes are written out with their constant shuffles and masks: one helper taking them as
        // arguments was 1.2× slower on JDK 17 and boxed on JDK 25 (1.5 MB and 3× the time per 4096 × 16 call).
        for (int i = 0; i < 4; i++) {
            FloatVector a = FloatVector.fromArray(SPECIES, src, from + i * 16);
            FloatVector b = FloatVector.fromArray(SPECIES, src, from + (i + 4) * 16);
            FloatVector c = FloatVector.fromArray(SPECIES, src, from + (i + 8) * 16);
            FloatVector d = FloatVector.fromArray(SPECIES, src, from + (i + 12) * 16);
            FloatVector a8 = a.blend(c.rearrange(SWAP_8), HIGH_8);
            FloatVector c8 = a.rearrange(SWAP_8).blend(c, HIGH_8);
            FloatVector b8 = b.blend(d.rearrange(SWAP_8), HIGH_8);
            FloatVector d8 = b.rearrange(SWAP_8).blend(d, HIGH_8);
            a8.blend(b8.rearrange(SWAP_4), HIGH_4).intoArray(dst, to + i * 16);
            a8.rearrange(SWAP_4).blend(b8, HIGH_4).intoArray(dst, to + (i + 4) * 16);
            c8.blend(d8.rearrange(SWAP_4), HIGH_4).intoArray(dst, to + (i + 8) * 16);
            c8.rearrange(SWAP_4).blend(d8, HIGH_4).intoArray(dst, to + (i + 12) * 16);
        }
        for (int i = 0; i < 16; i += 4) {
            FloatVector a = FloatVector.fromArray(SPECIES, dst, to + i * 16);
            FloatVector b = FloatVector.fromArray(SPECIES, dst, to + (i + 1) * 16);
            FloatVector c = FloatVector.fromArray(SPECIES, dst, to + (i + 2) * 16);
            FloatVector d = FloatVector.fromArray(SPECIES, dst, to + (i + 3) * 16);
            FloatVector a2 = a.blend(c.rearrange(SWAP_2), HIGH_2);
            FloatVector c2 = a.rearrange(SWAP_2).blend(c, HIGH_2);
            FloatVector b2 = b.blend(d.rearrange(SWAP_2), HIGH_2);
            FloatVector d2 = b.rearrange(SWAP_2).blend(d, HIGH_2);
            a2.blend(b2.rearrange(SWAP_1), HIGH_1).intoArray(dst, to + i * 16);
            a2.rearrange(SWAP_1).blend(b2, HIGH_1).intoArray(dst, to + (i + 1) * 16);
            c2.blend(d2.rearrange(SWAP_1), HIGH_1).intoArray(dst, to + (i + 2) * 16);
            c2.rearrange(SWAP_1).blend(d2, HIGH_1).intoArray(dst, to + (i + 3) * 16);
        }
    }

    /**
     * Whether a batch takes the transposed path: narrow rows, and enough of them to fill half a block (a block
     * costs the same whatever number of its lanes hold rows). The choice depends on the batch's shape only.
     */
    /** Whether rows of this width go two at a time: 1 to 4 whole vectors ({@link #PAIRED_COLS}). */
    private static boolean paired(int cols) {
        return cols > 0 && cols <= PAIRED_COLS && cols % LANES == 0;
    }

    private static boolean narrow(int rows, int cols) {
        return cols >= 1 && cols <= NARROW_COLS && rows >= LANES / 2;
    }

    private static int wholeVectors(int length) {
        return length - length % LANES;
    }

    /**
     * The row max with Math.max semantics (NaN wins), lane-wise: a short row has no long chain. A row of at least
     * one vector ends with the vector of its last LANES elements (see {@link #lastVector}; a max may see an element
     * twice), so no scalar tail remains.
     */
    private static float rowMax(float[] x, int at, int whole, int cols) {
        if (whole == 0) {
            return ScalarKernelSupport.max(x, at, at + cols, Float.NEGATIVE_INFINITY);
        }
        FloatVector m = FloatVector.fromArray(SPECIES, x, at + lastVector(cols));
        for (int i = 0; i < whole; i += LANES) {
            m = m.max(FloatVector.fromArray(SPECIES, x, at + i));
        }
        return m.reduceLanes(VectorOperators.MAX);
    }

    /**
     * Where the last vector of a row of cols ≥ LANES elements starts: cols − LANES. When cols is not a multiple of
     * LANES it overlaps the last whole vector, and covers the cols % LANES elements after it in its top lanes.
     * Element-wise results there are computed twice, to the same bits, and stored twice within the row; sums
     * take only its top lanes ({@link #LANE_INDEX} ≥ LANES − cols % LANES). A row then needs no scalar tail: on
     * JDK 17 the tail loops were calls that C2 no longer inlined, and a scalar exp costs what a vector exp does.
     * Kernels that write in place load this vector before their loop overwrites it.
     */
    private static int lastVector(int cols) {
        return cols - LANES;
    }

    /**
     * Σ exp(x − shift) over the row, stored into y at {@code out} unless y is null; as {@link #expStoreSum}: the
     * same bits. A row shorter than a vector is summed in double; a longer one in the lanes, its last vector
     * ({@link #lastVector}) adding only the elements no whole vector covered, then {@link #sumLanes}.
     */
    private static float rowExpSum(float[] x, int at, float[] y, int out, int whole, int cols, float shift) {
        if (whole == 0) {
            return (float) (y == null
                    ? ScalarKernelSupport.expSum(x, at, at + cols, shift, 0.0)
                    : ScalarKernelSupport.expStoreSum(x, at, y, out, cols, shift, 0.0));
        }
        FloatVector negShift = FloatVector.broadcast(SPECIES, -shift);
        int last = lastVector(cols);
        FloatVector lastX = FloatVector.fromArray(SPECIES, x, at + last);
        int end = whole < cols ? whole + LANES : whole;
        FloatVector acc = FloatVector.zero(SPECIES);
        // One exp call site (see exp): the last step takes lastX, loaded before the stores of the others.
        for (int i = 0; i < end; i += LANES) {
            int p = Math.min(i, last);
            FloatVector e = exp(i < whole ? FloatVector.fromArray(SPECIES, x, at + i) : lastX, negShift);
            if (y != null) {
                e.intoArray(y, out + p);
            }
            // The last step's lanes below i − p were summed by the whole vectors; e ≥ 0, so acc + 0 is acc.
            acc = acc.add(i < whole ? e : e.blend(0f, LANE_INDEX.lt((float) (whole - last))));
        }
        // sumLanes written out: past C2's node-count cut-off (JDK 17) a call to it is kept and its vector
        // argument boxed (96 B per row seen in the cross-entropy form below).
        if (LANES > 8) {
            acc = acc.add(acc.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            acc = acc.add(acc.rearrange(SWAP_4));
        }
        acc = acc.add(acc.rearrange(SWAP_2));
        return acc.add(acc.rearrange(SWAP_1)).lane(0);
    }

    /** y·factor in place over the row (y ≥ 0 here, so the same bits as the scalar y·factor + 0). */
    private static void rowScale(float[] y, int out, int whole, int cols, float factor) {
        if (whole == 0) {
            TAIL.scaleShift(y, out, y, out, cols, factor, 0f);
            return;
        }
        int last = out + lastVector(cols);
        FloatVector lastY = FloatVector.fromArray(SPECIES, y, last).mul(factor);
        for (int i = 0; i < whole; i += LANES) {
            FloatVector.fromArray(SPECIES, y, out + i).mul(factor).intoArray(y, out + i);
        }
        lastY.intoArray(y, last);
    }

    /** y = (x − a) − b over the row. */
    private static void rowSubtractTwice(float[] x, int at, float[] y, int out, int whole, int cols, float a,
                                         float b) {
        if (whole == 0) {
            TAIL.subtractTwice(x, at, y, out, cols, a, b);
            return;
        }
        int last = lastVector(cols);
        FloatVector lastY = FloatVector.fromArray(SPECIES, x, at + last).sub(a).sub(b);
        for (int i = 0; i < whole; i += LANES) {
            FloatVector.fromArray(SPECIES, x, at + i).sub(a).sub(b).intoArray(y, out + i);
        }
        lastY.intoArray(y, out + last);
    }

    @Override
    public void scaleShift(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            // mul then add, not fma: the scalar path rounds twice, and both paths must agree bit for bit.
            FloatVector.fromArray(SPECIES, x, xOffset + i).mul(a).add(b).intoArray(y, yOffset + i);
        }
        TAIL.scaleShift(x, xOffset + i, y, yOffset + i, length - i, a, b);
    }

    @Override
    public void scaleSubtractScaled(float[] x, int xOffset, float[] t, int tOffset, float[] y, int yOffset,
                                    int length, float a, float b) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOffset + i).mul(a)
                    .sub(FloatVector.fromArray(SPECIES, t, tOffset + i).mul(b))
                    .intoArray(y, yOffset + i);
        }
        TAIL.scaleSubtractScaled(x, xOffset + i, t, tOffset + i, y, yOffset + i, length - i, a, b);
    }

    @Override
    public void expScale(float[] x, int xOffset, float[] y, int yOffset, int length, float shift, float factor) {
        FloatVector negShift = FloatVector.broadcast(SPECIES, -shift);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            exp(FloatVector.fromArray(SPECIES, x, xOffset + i), negShift).mul(factor).intoArray(y, yOffset + i);
        }
        TAIL.expScale(x, xOffset + i, y, yOffset + i, length - i, shift, factor);
    }

    @Override
    public void subtractTwice(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOffset + i).sub(a).sub(b).intoArray(y, yOffset + i);
        }
        TAIL.subtractTwice(x, xOffset + i, y, yOffset + i, length - i, a, b);
    }

    @Override
    public void multiplyDifference(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                   int length, float c) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, dy, dyOffset + i).sub(c)
                    .mul(FloatVector.fromArray(SPECIES, y, yOffset + i))
                    .intoArray(dx, dxOffset + i);
        }
        TAIL.multiplyDifference(y, yOffset + i, dy, dyOffset + i, dx, dxOffset + i, length - i, c);
    }

    @Override
    public void subtractScaledExp(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                  int length, float c) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector e = exp(FloatVector.fromArray(SPECIES, y, yOffset + i), zero);
            FloatVector.fromArray(SPECIES, dy, dyOffset + i).sub(e.mul(c)).intoArray(dx, dxOffset + i);
        }
        TAIL.subtractScaledExp(y, yOffset + i, dy, dyOffset + i, dx, dxOffset + i, length - i, c);
    }

    @Override
    public void dot4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int length, float[] out,
                     int outOffset) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int w1 = wOffset + wStride;
        int w2 = w1 + wStride;
        int w3 = w2 + wStride;
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOffset + i);
            acc0 = FloatVector.fromArray(SPECIES, w, wOffset + i).fma(v, acc0);
            acc1 = FloatVector.fromArray(SPECIES, w, w1 + i).fma(v, acc1);
            acc2 = FloatVector.fromArray(SPECIES, w, w2 + i).fma(v, acc2);
            acc3 = FloatVector.fromArray(SPECIES, w, w3 + i).fma(v, acc3);
        }
        float[] lanes = ACCUMULATORS.get();
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, LANES);
        acc2.intoArray(lanes, 2 * LANES);
        acc3.intoArray(lanes, 3 * LANES);
        storeSums4(lanes, 0, out, outOffset);
        if (i < length) {
            ScalarKernelSupport.addDotTails(w, wOffset, wStride, x, xOffset, 0, i, length, out, outOffset, 0, 1);
        }
    }

    @Override
    public int logitsRows(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes,
                          float[] z, int zOffset) {
        return PanamaLogitsPanels.logitsRows(x, xOffset, rows, features, w, wOffset, classes, z, zOffset);
    }

    @Override
    public void dot4x4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int xStride, int length,
                       float[] out, int outOffset, int outStride) {
        FloatVector a00 = FloatVector.zero(SPECIES);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wOffset + i);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wOffset + wStride + i);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wOffset + 2 * wStride + i);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, wOffset + 3 * wStride + i);
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, xOffset + i);
            a00 = w0.fma(x0, a00);
            a01 = w1.fma(x0, a01);
            a02 = w2.fma(x0, a02);
            a03 = w3.fma(x0, a03);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, xOffset + xStride + i);
            a10 = w0.fma(x1, a10);
            a11 = w1.fma(x1, a11);
            a12 = w2.fma(x1, a12);
            a13 = w3.fma(x1, a13);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, xOffset + 2 * xStride + i);
            a20 = w0.fma(x2, a20);
            a21 = w1.fma(x2, a21);
            a22 = w2.fma(x2, a22);
            a23 = w3.fma(x2, a23);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, xOffset + 3 * xStride + i);
            a30 = w0.fma(x3, a30);
            a31 = w1.fma(x3, a31);
            a32 = w2.fma(x3, a32);
            a33 = w3.fma(x3, a33);
        }
        float[] lanes = ACCUMULATORS.get();
        a00.intoArray(lanes, 0);
        a01.intoArray(lanes, LANES);
        a02.intoArray(lanes, 2 * LANES);
        a03.intoArray(lanes, 3 * LANES);
        a10.intoArray(lanes, 4 * LANES);
        a11.intoArray(lanes, 5 * LANES);
        a12.intoArray(lanes, 6 * LANES);
        a13.intoArray(lanes, 7 * LANES);
        a20.intoArray(lanes, 8 * LANES);
        a21.intoArray(lanes, 9 * LANES);
        a22.intoArray(lanes, 10 * LANES);
        a23.intoArray(lanes, 11 * LANES);
        a30.intoArray(lanes, 12 * LANES);
        a31.intoArray(lanes, 13 * LANES);
        a32.intoArray(lanes, 14 * LANES);
        a33.intoArray(lanes, 15 * LANES);
        for (int r = 0; r < 4; r++) {
            storeSums4(lanes, 4 * r * LANES, out, outOffset + r * outStride);
        }
        if (i < length) {
            ScalarKernelSupport.addDotTails(w, wOffset, wStride, x, xOffset, xStride, i, length, out, outOffset,
                    outStride, 4);
        }
    }

    private static int[][] rowStarts() {
        int[][] starts = new int[NARROW_COLS + 1][LANES];
        for (int cols = 0; cols <= NARROW_COLS; cols++) {
            for (int r = 0; r < LANES; r++) {
                starts[cols][r] = r * cols;
            }
        }
        return starts;
    }

    private static float[] iota() {
        float[] lanes = new float[LANES];
        for (int i = 0; i < LANES; i++) {
            lanes[i] = i;
        }
        return lanes;
    }

    private static VectorMask<Float> laneBitSet(int h) {
        boolean[] bits = new boolean[LANES];
        for (int i = 0; i < LANES; i++) {
            bits[i] = (i & h) != 0;
        }
        return VectorMask.fromArray(SPECIES, bits, 0);
    }

    /** The shuffle lane i ← lane i ^ h (identity when the species has at most h lanes: never used then). */
    private static VectorShuffle<Float> swap(int h) {
        return VectorShuffle.fromOp(SPECIES, i -> h < LANES ? i ^ h : i);
    }

    /**
     * Σ of the lanes of v in a fixed tree (halves first): (v0 + v8) + (v4 + v12) … for 16 lanes. Lane-wise
     * adds and swaps only, so the interpreter, C1 and C2 compute the same bits.
     */
    static float sumLanes(FloatVector v) {
        if (LANES > 8) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (LANES > 4) {
            v = v.add(v.rearrange(SWAP_4));
        }
        v = v.add(v.rearrange(SWAP_2));
        return v.add(v.rearrange(SWAP_1)).lane(0);
    }

    /**
     * The sum of the {@link #LANES} floats at {@code at}, in a fixed order: four interleaved partial sums
     * (lanes ≡ 0, 1, 2, 3 mod 4, each from the lowest lane up), then (p0 + p1) + (p2 + p3). Plain float adds,
     * so every tier computes the same bits.
     */
    static float laneSum(float[] lanes, int at) {
        float p0 = 0f;
        float p1 = 0f;
        float p2 = 0f;
        float p3 = 0f;
        for (int l = 0; l < LANES; l += 4) {
            p0 += lanes[at + l];
            p1 += lanes[at + l + 1];
            p2 += lanes[at + l + 2];
            p3 += lanes[at + l + 3];
        }
        return (p0 + p1) + (p2 + p3);
    }

    /** out[outOffset + j] = laneSum of the j-th stored accumulator from {@code first}, j = 0..3. */
    private static void storeSums4(float[] lanes, int first, float[] out, int outOffset) {
        out[outOffset] = laneSum(lanes, first);
        out[outOffset + 1] = laneSum(lanes, first + LANES);
        out[outOffset + 2] = laneSum(lanes, first + 2 * LANES);
        out[outOffset + 3] = laneSum(lanes, first + 3 * LANES);
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOffset + i)
                    .fma(va, FloatVector.fromArray(SPECIES, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        TAIL.axpy(a, x, xOffset + i, y, yOffset + i, length - i);
    }

    @Override
    public void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, int stride, float[] y,
                      int yOffset, int length) {
        FloatVector v0 = FloatVector.broadcast(SPECIES, a0);
        FloatVector v1 = FloatVector.broadcast(SPECIES, a1);
        FloatVector v2 = FloatVector.broadcast(SPECIES, a2);
        FloatVector v3 = FloatVector.broadcast(SPECIES, a3);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            int at = xOffset + i;
            // The same chain of fused multiply-adds as the scalar form, so both paths agree bit for bit.
            FloatVector acc = FloatVector.fromArray(SPECIES, x, at).fma(v0, FloatVector.fromArray(SPECIES, y, yOffset + i));
            acc = FloatVector.fromArray(SPECIES, x, at + stride).fma(v1, acc);
            acc = FloatVector.fromArray(SPECIES, x, at + 2 * stride).fma(v2, acc);
            FloatVector.fromArray(SPECIES, x, at + 3 * stride).fma(v3, acc).intoArray(y, yOffset + i);
        }
        TAIL.axpy4(a0, a1, a2, a3, x, xOffset + i, stride, y, yOffset + i, length - i);
    }

    @Override
    public void axpy4x4(float[] a, int aOffset, int aStride, float scale, float[] x, int xOffset, int xStride,
                        float[] y, int yOffset, int yStride, int length) {
        // c<r><j>: the coefficient of x row j in y row r.
        FloatVector c00 = coefficient(a, aOffset, scale);
        FloatVector c01 = coefficient(a, aOffset + aStride, scale);
        FloatVector c02 = coefficient(a, aOffset + 2 * aStride, scale);
        FloatVector c03 = coefficient(a, aOffset + 3 * aStride, scale);
        FloatVector c10 = coefficient(a, aOffset + 1, scale);
        FloatVector c11 = coefficient(a, aOffset + 1 + aStride, scale);
        FloatVector c12 = coefficient(a, aOffset + 1 + 2 * aStride, scale);
        FloatVector c13 = coefficient(a, aOffset + 1 + 3 * aStride, scale);
        FloatVector c20 = coefficient(a, aOffset + 2, scale);
        FloatVector c21 = coefficient(a, aOffset + 2 + aStride, scale);
        FloatVector c22 = coefficient(a, aOffset + 2 + 2 * aStride, scale);
        FloatVector c23 = coefficient(a, aOffset + 2 + 3 * aStride, scale);
        FloatVector c30 = coefficient(a, aOffset + 3, scale);
        FloatVector c31 = coefficient(a, aOffset + 3 + aStride, scale);
        FloatVector c32 = coefficient(a, aOffset + 3 + 2 * aStride, scale);
        FloatVector c33 = coefficient(a, aOffset + 3 + 3 * aStride, scale);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, xOffset + xStride + i);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, xOffset + 2 * xStride + i);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, xOffset + 3 * xStride + i);
            int y0 = yOffset + i;
            // The chain order of axpy4 (row 0 first), so both paths and both kernels agree bit for bit.
            x3.fma(c03, x2.fma(c02, x1.fma(c01, x0.fma(c00, FloatVector.fromArray(SPECIES, y, y0)))))
                    .intoArray(y, y0);
            int y1 = y0 + yStride;
            x3.fma(c13, x2.fma(c12, x1.fma(c11, x0.fma(c10, FloatVector.fromArray(SPECIES, y, y1)))))
                    .intoArray(y, y1);
            int y2 = y1 + yStride;
            x3.fma(c23, x2.fma(c22, x1.fma(c21, x0.fma(c20, FloatVector.fromArray(SPECIES, y, y2)))))
                    .intoArray(y, y2);
            int y3 = y2 + yStride;
            x3.fma(c33, x2.fma(c32, x1.fma(c31, x0.fma(c30, FloatVector.fromArray(SPECIES, y, y3)))))
                    .intoArray(y, y3);
        }
        if (i < length) {
            TAIL.axpy4x4(a, aOffset, aStride, scale, x, xOffset + i, xStride, y, yOffset + i, yStride, length - i);
        }
    }

    private static FloatVector coefficient(float[] a, int at, float scale) {
        return FloatVector.broadcast(SPECIES, scale * a[at]);
    }

    @Override
    public void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            sigmoid(FloatVector.fromArray(SPECIES, x, xOffset + i)).intoArray(y, yOffset + i);
        }
        TAIL.sigmoid(x, xOffset + i, y, yOffset + i, length - i);
    }

    @Override
    public void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOffset + i);
            v.min(0f).sub(log1pExpNegAbs(v)).intoArray(y, yOffset + i);
        }
        TAIL.logSigmoid(x, xOffset + i, y, yOffset + i, length - i);
    }

    @Override
    public float binaryCrossEntropy(float[] x, int xOffset, float[] t, int tOffset, float[] g, int gOffset,
                                    int length, float gradScale) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector target = FloatVector.fromArray(SPECIES, t, tOffset + i);
            acc = acc.add(v.max(0f).sub(v.mul(target)).add(log1pExpNegAbs(v)));
            if (g != null) {
                sigmoid(v).sub(target).mul(gradScale).intoArray(g, gOffset + i);
            }
        }
        return (float) ScalarKernelSupport.binaryCrossEntropy(x, xOffset + i, t, tOffset + i, g, gOffset + i,
                length - i, gradScale, i == 0 ? 0f : sumLanes(acc));
    }

    /** Lane-wise {@link ScalarKernelSupport#sigmoid(float)}, the same steps. */
    private static FloatVector sigmoid(FloatVector v) {
        FloatVector e = exp(v.abs().neg(), FloatVector.zero(SPECIES));
        FloatVector r = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
        return r.mul(e).blend(r, v.compare(VectorOperators.GE, 0f));
    }

    private static FloatVector log1pExpNegAbs(FloatVector v) {
        return exp(v.abs().neg(), FloatVector.zero(SPECIES)).lanewise(VectorOperators.LOG1P);
    }

    /**
     * Lane-wise {@link ExpPolynomial#expShifted(float, float)} with {@code negShift = -shift}: the same
     * operations in the same order, so each lane equals the scalar result bit for bit. Split into small
     * helpers because C2 refuses to inline a callee whose own compiled code is large ("already compiled
     * into a big method"), and a vector value that crosses a call that is not inlined is boxed.
     */
    static FloatVector exp(FloatVector x, FloatVector negShift) {
        FloatVector d = x.add(negShift);
        FloatVector t = d.fma(LOG2E, MAGIC_BIAS);
        FloatVector r = reduce(x, negShift, d, t.sub(MAGIC_BIAS));
        return polynomial(r).mul(twoToThe(t)).blend(0f, d.lt(UNDERFLOW_CUTOFF));
    }

    /** r = d + err − n·ln2, where d + err = x + negShift exactly (TwoSum). */
    private static FloatVector reduce(FloatVector x, FloatVector negShift, FloatVector d, FloatVector n) {
        FloatVector bb = d.sub(x);
        FloatVector err = x.sub(d.sub(bb)).add(negShift.sub(bb));
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), d);
        return n.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r).add(err);
    }

    /** 2^n from the low mantissa bits of t = n + MAGIC_BIAS. */
    private static FloatVector twoToThe(FloatVector t) {
        return t.reinterpretAsInts().lanewise(VectorOperators.LSHL, MANTISSA_BITS).reinterpretAsFloats();
    }

    /** exp(r) ≈ 1 + r·q(r). */
    private static FloatVector polynomial(FloatVector r) {
        FloatVector q = r.fma(C5, C4);
        q = q.fma(r, FloatVector.broadcast(SPECIES, C3));
        q = q.fma(r, FloatVector.broadcast(SPECIES, C2));
        q = q.fma(r, FloatVector.broadcast(SPECIES, C1));
        return q.fma(r, FloatVector.broadcast(SPECIES, 1f));
    }
}
