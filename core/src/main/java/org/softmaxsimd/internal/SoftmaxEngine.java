package org.softmaxsimd.internal;

import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.LogPolynomial;
import org.softmaxsimd.internal.vectorization.RowStats;
import org.softmaxsimd.internal.vectorization.SpecialRows;

/**
 * The softmax algorithms, written once over the primitive loops of a {@link KernelSupport}: the max shift,
 * the special-value policy, accurate long sums (block sums added in double) and the choice between the
 * three-pass and the two-pass softmax. Arguments are trusted: {@code org.softmaxsimd.Softmax} checks them
 * and documents the public contract. Internal API: it may change in any release.
 */
public final class SoftmaxEngine {

    /**
     * Elements per block sum. The kernels sum a block in float (in vector lanes); blocks are added in
     * double, so the error of a long sum does not grow with the length beyond one block's.
     */
    public static final int SUM_BLOCK = 1024;

    /**
     * Rows longer than this use the two-pass softmax (online max and sum, then exp again and normalise),
     * which moves 3 row-lengths of memory instead of 5 but computes exp twice; shorter rows use the
     * three-pass scheme with a store (max; exp stored and summed; scale in place). Chosen with
     * {@code SoftmaxSchemeBenchmark} on the machine of README.md: with this exp (about 0.3 ns/element) the
     * three-pass scheme is faster up to 4M elements and the two tie at 64M (1.44 vs 1.45 ns/element), so
     * two-pass is kept for rows beyond 2^25, where reading less memory also spares a shared memory bus.
     */
    public static final int DEFAULT_TWO_PASS_THRESHOLD = 1 << 25;

    private final KernelSupport kernels;
    private final int twoPassThreshold;

    /** Creates an engine over {@code kernels} with the default two-pass threshold. */
    public SoftmaxEngine(KernelSupport kernels) {
        this(kernels, DEFAULT_TWO_PASS_THRESHOLD);
    }

    /**
     * Creates an engine over {@code kernels}; rows longer than {@code twoPassThreshold} use the two-pass
     * softmax (0 forces it everywhere, {@code Integer.MAX_VALUE} never).
     */
    public SoftmaxEngine(KernelSupport kernels, int twoPassThreshold) {
        if (twoPassThreshold < 0) {
            throw new IllegalArgumentException("twoPassThreshold must be >= 0, but was " + twoPassThreshold);
        }
        this.kernels = kernels;
        this.twoPassThreshold = twoPassThreshold;
    }

    /** Returns the kernels this engine runs on. */
    public KernelSupport kernels() {
        return kernels;
    }

    /** See {@code Softmax.max}. */
    public float max(float[] x, int offset, int length) {
        return kernels.max(x, offset, length);
    }

    /** See {@code Softmax.logSumExp}. */
    public float logSumExp(float[] x, int offset, int length) {
        long stats = maxAndSum(x, offset, length);
        if (stats == UNFINISHED) {
            return SpecialRows.logSumExp(x, offset, length);
        }
        return logSumExp(RowStats.max(stats), RowStats.sum(stats), length);
    }

    /** See {@code Softmax.softmax}. */
    public float softmax(float[] x, int xOffset, float[] y, int yOffset, int length) {
        if (length > twoPassThreshold) {
            long stats = onlineMaxAndSum(x, xOffset, length);
            if (stats != UNFINISHED) {
                float shift = RowStats.max(stats);
                float sum = RowStats.sum(stats);
                kernels.expScale(x, xOffset, y, yOffset, length, shift, (float) (1.0 / sum));
                return logSumExp(shift, sum, length);
            }
        } else if (length <= KernelSupport.SHORT_ROW_LIMIT) {
            long stats = kernels.softmaxRow(x, xOffset, y, yOffset, length);
            if (stats != UNFINISHED) {
                return logSumExp(RowStats.max(stats), RowStats.sum(stats), length);
            }
        } else {
            float shift = kernels.max(x, xOffset, length);
            if (RowStats.isFinite(shift)) {
                double sum = expStoreSum(x, xOffset, y, yOffset, length, shift);
                kernels.scaleShift(y, yOffset, y, yOffset, length, (float) (1.0 / sum), 0f);
                return logSumExp(shift, (float) sum, length);
            }
        }
        return SpecialRows.softmax(x, xOffset, y, yOffset, length, false);
    }

    /**
     * Writes y = exp(x − shift) and returns Σ y, block sums added in double. shift must be finite and ≥ every
     * x (the row max).
     */
    public double expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift) {
        double sum = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            int n = Math.min(SUM_BLOCK, length - done);
            sum += kernels.expStoreSum(x, xOffset + done, y, yOffset + done, n, shift);
        }
        return sum;
    }

    /** Returns Σ exp(x − shift), block sums added in double; shift as for {@link #expStoreSum}. */
    public double expSum(float[] x, int offset, int length, float shift) {
        double sum = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            sum += kernels.expSum(x, offset + done, Math.min(SUM_BLOCK, length - done), shift);
        }
        return sum;
    }

    /** Returns Σ w·(x − shift) (w null: Σ (x − shift)), block sums added in double. */
    public double weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift) {
        double sum = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            sum += kernels.weightedShiftedSum(w, w == null ? 0 : wOffset + done, x, xOffset + done,
                    Math.min(SUM_BLOCK, length - done), shift);
        }
        return sum;
    }

    /** Returns Σ x, block sums added in double. */
    public double sum(float[] x, int offset, int length) {
        double sum = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            sum += kernels.sum(x, offset + done, Math.min(SUM_BLOCK, length - done));
        }
        return sum;
    }

    /** Returns Σ a·b, block sums added in double. */
    public double dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        double dot = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            dot += kernels.dot(a, aOffset + done, b, bOffset + done, Math.min(SUM_BLOCK, length - done));
        }
        return dot;
    }

    /** See {@code Softmax.logSoftmax}. */
    public float logSoftmax(float[] x, int xOffset, float[] y, int yOffset, int length) {
        if (length <= KernelSupport.SHORT_ROW_LIMIT) {
            long stats = kernels.logSoftmaxRow(x, xOffset, y, yOffset, length);
            if (stats == UNFINISHED) {
                return SpecialRows.softmax(x, xOffset, y, yOffset, length, true);
            }
            // shift + L as logSumExp(shift, sum, length) adds them for a short row.
            return RowStats.max(stats) + RowStats.sum(stats);
        }
        long stats = onlineMaxAndSum(x, xOffset, length);
        if (stats == UNFINISHED) {
            return SpecialRows.softmax(x, xOffset, y, yOffset, length, true);
        }
        float shift = RowStats.max(stats);
        float sum = RowStats.sum(stats);
        kernels.subtractTwice(x, xOffset, y, yOffset, length, shift, (float) Math.log(sum));
        return logSumExp(shift, sum, length);
    }

    /** See {@code Softmax.softmaxBackward}. */
    public void softmaxBackward(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                int length) {
        kernels.multiplyDifference(y, yOffset, dy, dyOffset, dx, dxOffset, length,
                (float) dot(y, yOffset, dy, dyOffset, length));
    }

    /** See {@code Softmax.logSoftmaxBackward}. */
    public void logSoftmaxBackward(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                   int length) {
        kernels.subtractScaledExp(y, yOffset, dy, dyOffset, dx, dxOffset, length, (float) sum(dy, dyOffset, length));
    }

    /** See {@code Softmax.softmaxRows}. */
    public void softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        rows(RowOp.SOFTMAX, x, xOffset, y, yOffset, rows, cols);
    }

    /** See {@code Softmax.logSoftmaxRows}. */
    public void logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        rows(RowOp.LOG_SOFTMAX, x, xOffset, y, yOffset, rows, cols);
    }

    /** See {@code Softmax.logSumExpRows}: out[outOffset + r] is the log-sum-exp of row r. */
    public void logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        rows(RowOp.LOG_SUM_EXP, x, xOffset, out, outOffset, rows, cols);
    }

    private enum RowOp { SOFTMAX, LOG_SOFTMAX, LOG_SUM_EXP }

    /**
     * Short rows go to the row kernels, many rows per call (one kernel call for the batch, not three per row);
     * the rows a kernel stops at (a max that is not finite) and long rows take the one-row methods.
     */
    private void rows(RowOp op, float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        boolean shortRows = cols <= KernelSupport.SHORT_ROW_LIMIT && (op != RowOp.SOFTMAX || cols <= twoPassThreshold);
        int outStride = op == RowOp.LOG_SUM_EXP ? 1 : cols;
        for (int r = 0; r < rows; r++) {
            if (shortRows) {
                int at = xOffset + r * cols;
                int to = outOffset + r * outStride;
                int left = rows - r;
                switch (op) {
                    case SOFTMAX:
                        r += kernels.softmaxRows(x, at, out, to, left, cols);
                        break;
                    case LOG_SOFTMAX:
                        r += kernels.logSoftmaxRows(x, at, out, to, left, cols);
                        break;
                    default:
                        r += kernels.logSumExpRows(x, at, out, to, left, cols);
                        break;
                }
                if (r == rows) {
                    return;
                }
            }
            int at = xOffset + r * cols;
            int to = outOffset + r * outStride;
            switch (op) {
                case SOFTMAX:
                    softmax(x, at, out, to, cols);
                    break;
                case LOG_SOFTMAX:
                    logSoftmax(x, at, out, to, cols);
                    break;
                default:
                    out[to] = logSumExp(x, at, cols);
                    break;
            }
        }
    }

    // Max and sum travel packed in one long (RowStats) so that nothing is allocated; UNFINISHED means the row
    // holds NaN, +inf or only -inf and goes to the special-value path.
    private static final long UNFINISHED = RowStats.UNFINISHED;

    /** Max and Σ exp(x − max): one kernel call for a short row, the online pass for a longer one. */
    private long maxAndSum(float[] x, int offset, int length) {
        return length <= KernelSupport.SHORT_ROW_LIMIT
                ? kernels.maxAndExpSum(x, offset, length)
                : onlineMaxAndSum(x, offset, length);
    }

    /**
     * One read of x: per block, the block max (the block is then in L1), rescaling of the running sum when
     * the max grows, and the block's sum of exp(x - max), added in double.
     */
    private long onlineMaxAndSum(float[] x, int offset, int length) {
        float shift = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int done = 0; done < length; done += SUM_BLOCK) {
            int n = Math.min(SUM_BLOCK, length - done);
            float blockMax = kernels.max(x, offset + done, n);
            if (!(blockMax < Float.POSITIVE_INFINITY)) {
                return UNFINISHED;
            }
            if (blockMax > shift) {
                if (sum != 0) {
                    sum *= Math.exp((double) shift - blockMax);
                }
                shift = blockMax;
            }
            if (shift != Float.NEGATIVE_INFINITY) {
                sum += kernels.expSum(x, offset + done, n, shift);
            }
        }
        if (shift == Float.NEGATIVE_INFINITY) {
            return UNFINISHED;
        }
        return RowStats.pack(shift, (float) sum);
    }


    /**
     * shift + ln S. A short row takes {@link LogPolynomial#lnOfSum} and a float addition, the log and the order
     * of the row kernels, so that a row alone and the same row in a batch get the same bits; a longer row
     * {@link Math#log} in double.
     */
    private static float logSumExp(float shift, float sum, int length) {
        return length <= KernelSupport.SHORT_ROW_LIMIT
                ? shift + LogPolynomial.lnOfSum(sum)
                : (float) (shift + Math.log(sum));
    }

}
