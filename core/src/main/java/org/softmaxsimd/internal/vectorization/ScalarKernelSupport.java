package org.softmaxsimd.internal.vectorization;

/**
 * Plain-Java {@link KernelSupport}: the reference path, the fallback when the Vector API is not enabled,
 * and (through its static range methods) the tail loop of {@link PanamaKernelSupport}, so both paths
 * treat the last elements with the same code. Sums accumulate in double.
 */
public final class ScalarKernelSupport implements KernelSupport {

    /** The single instance; the class holds no state. */
    static final ScalarKernelSupport INSTANCE = new ScalarKernelSupport();

    private ScalarKernelSupport() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public float max(float[] x, int offset, int length) {
        return max(x, offset, offset + length, Float.NEGATIVE_INFINITY);
    }

    @Override
    public float sum(float[] x, int offset, int length) {
        return (float) sum(x, offset, offset + length, 0.0);
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        return (float) dot(a, aOffset, b, bOffset, length, 0.0);
    }

    @Override
    public float weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift) {
        return (float) weightedShiftedSum(w, wOffset, x, xOffset, length, shift, 0.0);
    }

    static double weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift,
                                     double acc) {
        for (int i = 0; i < length; i++) {
            float d = x[xOffset + i] - shift;
            acc += w == null ? d : w[wOffset + i] * d;
        }
        return acc;
    }

    @Override
    public float expSum(float[] x, int offset, int length, float shift) {
        return (float) expSum(x, offset, offset + length, shift, 0.0);
    }

    @Override
    public float expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift) {
        return (float) expStoreSum(x, xOffset, y, yOffset, length, shift, 0.0);
    }

    @Override
    public long maxAndExpSum(float[] x, int offset, int length) {
        float max = max(x, offset, length);
        return RowStats.isFinite(max) ? RowStats.pack(max, expSum(x, offset, length, max)) : RowStats.UNFINISHED;
    }

    @Override
    public long softmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        float max = max(x, xOffset, length);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        float sum = expStoreSum(x, xOffset, y, yOffset, length, max);
        scaleShift(y, yOffset, y, yOffset, length, (float) (1.0 / sum), 0f);
        return RowStats.pack(max, sum);
    }

    @Override
    public long logSoftmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        long stats = maxAndExpSum(x, xOffset, length);
        if (stats == RowStats.UNFINISHED) {
            return stats;
        }
        float max = RowStats.max(stats);
        float logSum = LogPolynomial.lnOfSum(RowStats.sum(stats));
        subtractTwice(x, xOffset, y, yOffset, length, max, logSum);
        return RowStats.pack(max, logSum);
    }

    @Override
    public long maxAndExpSumExcept(float[] x, int xOffset, float[] d, int dOffset, int length, int except,
                                   double scale) {
        float max = max(x, xOffset, length);
        if (!RowStats.isFinite(max)) {
            return RowStats.UNFINISHED;
        }
        float label = ExpPolynomial.expShifted(x[xOffset + except], max);
        float others = (float) expStoreSumExcept(x, xOffset, d, dOffset, 0, length, max, except, 0.0);
        if (d != null) {
            float factor = (float) (scale / ((double) label + others));
            scaleShift(d, dOffset, d, dOffset, length, factor, 0f);
        }
        return RowStats.pack(max, others);
    }

    /**
     * Σ_{i ≠ except} exp(x[at + i] − shift) over i in [from, to), added to acc in double, each exp stored into y
     * at {@code out + i} (the label's too) unless y is null.
     */
    static double expStoreSumExcept(float[] x, int at, float[] y, int out, int from, int to, float shift,
                                    int except, double acc) {
        for (int i = from; i < to; i++) {
            float e = ExpPolynomial.expShifted(x[at + i], shift);
            if (y != null) {
                y[out + i] = e;
            }
            if (i != except) {
                acc += e;
            }
        }
        return acc;
    }

    @Override
    public double crossEntropyRows(float[] x, int xOffset, int rows, int cols, int[] labels, int labelsOffset,
                                   float[] weights, int ignoreLabel, double scale, float[] d, int dOffset) {
        return CrossEntropyRows.rowByRow(this, x, xOffset, rows, cols, labels, labelsOffset, weights, ignoreLabel,
                scale, d, dOffset);
    }

    @Override
    public int softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            if (softmaxRow(x, xOffset + r * cols, y, yOffset + r * cols, cols) == RowStats.UNFINISHED) {
                return r;
            }
        }
        return rows;
    }

    @Override
    public int logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long stats = maxAndExpSum(x, xOffset + r * cols, cols);
            if (stats == RowStats.UNFINISHED) {
                return r;
            }
            subtractTwice(x, xOffset + r * cols, y, yOffset + r * cols, cols, RowStats.max(stats),
                    LogPolynomial.lnOfSum(RowStats.sum(stats)));
        }
        return rows;
    }

    @Override
    public int logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            long stats = maxAndExpSum(x, xOffset + r * cols, cols);
            if (stats == RowStats.UNFINISHED) {
                return r;
            }
            out[outOffset + r] = RowStats.max(stats) + LogPolynomial.lnOfSum(RowStats.sum(stats));
        }
        return rows;
    }

    @Override
    public void scaleShift(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = x[xOffset + i] * a + b;
        }
    }

    @Override
    public void scaleSubtractScaled(float[] x, int xOffset, float[] t, int tOffset, float[] y, int yOffset,
                                    int length, float a, float b) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = x[xOffset + i] * a - t[tOffset + i] * b;
        }
    }

    @Override
    public void expScale(float[] x, int xOffset, float[] y, int yOffset, int length, float shift, float factor) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = ExpPolynomial.expShifted(x[xOffset + i], shift) * factor;
        }
    }

    @Override
    public void subtractTwice(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = (x[xOffset + i] - a) - b;
        }
    }

    @Override
    public void multiplyDifference(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                   int length, float c) {
        for (int i = 0; i < length; i++) {
            dx[dxOffset + i] = y[yOffset + i] * (dy[dyOffset + i] - c);
        }
    }

    @Override
    public void subtractScaledExp(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                  int length, float c) {
        for (int i = 0; i < length; i++) {
            dx[dxOffset + i] = dy[dyOffset + i] - ExpPolynomial.expShifted(y[yOffset + i], 0f) * c;
        }
    }

    @Override
    public void dot4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int length, float[] out,
                     int outOffset) {
        for (int j = 0; j < 4; j++) {
            out[outOffset + j] = (float) dot(w, wOffset + j * wStride, x, xOffset, length, 0.0);
        }
    }

    /** No panel kernel on this path: the dot products of {@link #dot4x4} accumulate in double, far tighter. */
    @Override
    public int logitsRows(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes,
                          float[] z, int zOffset) {
        return 0;
    }

    @Override
    public void dot4x4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int xStride, int length,
                       float[] out, int outOffset, int outStride) {
        for (int r = 0; r < 4; r++) {
            dot4(w, wOffset, wStride, x, xOffset + r * xStride, length, out, outOffset + r * outStride);
        }
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = Math.fma(a, x[xOffset + i], y[yOffset + i]);
        }
    }

    @Override
    public void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, int stride, float[] y,
                      int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            int at = xOffset + i;
            float acc = Math.fma(a0, x[at], y[yOffset + i]);
            acc = Math.fma(a1, x[at + stride], acc);
            acc = Math.fma(a2, x[at + 2 * stride], acc);
            y[yOffset + i] = Math.fma(a3, x[at + 3 * stride], acc);
        }
    }

    @Override
    public void axpy4x4(float[] a, int aOffset, int aStride, float scale, float[] x, int xOffset, int xStride,
                        float[] y, int yOffset, int yStride, int length) {
        for (int r = 0; r < 4; r++) {
            int at = aOffset + r;
            axpy4(scale * a[at], scale * a[at + aStride], scale * a[at + 2 * aStride], scale * a[at + 3 * aStride], x,
                    xOffset, xStride, y, yOffset + r * yStride, length);
        }
    }

    @Override
    public void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] = sigmoid(x[xOffset + i]);
        }
    }

    @Override
    public void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            float v = x[xOffset + i];
            y[yOffset + i] = Math.min(v, 0f) - log1pExpNegAbs(v);
        }
    }

    @Override
    public float binaryCrossEntropy(float[] x, int xOffset, float[] t, int tOffset, float[] g, int gOffset,
                                    int length, float gradScale) {
        return (float) binaryCrossEntropy(x, xOffset, t, tOffset, g, gOffset, length, gradScale, 0.0);
    }

    /** σ(v) from e = exp(−|v|): 1/(1+e) for v ≥ 0, e/(1+e) below; the vector form does the same steps. */
    static float sigmoid(float v) {
        float e = ExpPolynomial.expShifted(-Math.abs(v), 0f);
        float r = 1f / (1f + e);
        return v >= 0f ? r : e * r;
    }

    /** log1p(exp(−|v|)) in float; the vector form uses the Vector API's LOG1P (within 1 ulp of this). */
    static float log1pExpNegAbs(float v) {
        return (float) Math.log1p(ExpPolynomial.expShifted(-Math.abs(v), 0f));
    }

    static double binaryCrossEntropy(float[] x, int xOffset, float[] t, int tOffset, float[] g, int gOffset,
                                     int length, float gradScale, double acc) {
        for (int i = 0; i < length; i++) {
            float v = x[xOffset + i];
            float target = t[tOffset + i];
            acc += Math.max(v, 0f) - v * target + log1pExpNegAbs(v);
            if (g != null) {
                g[gOffset + i] = (sigmoid(v) - target) * gradScale;
            }
        }
        return acc;
    }

    // Range forms, shared with the tail loops of PanamaKernelSupport.

    static float max(float[] x, int from, int to, float acc) {
        for (int i = from; i < to; i++) {
            acc = Math.max(acc, x[i]);
        }
        return acc;
    }

    static double sum(float[] x, int from, int to, double acc) {
        for (int i = from; i < to; i++) {
            acc += x[i];
        }
        return acc;
    }

    static double dot(float[] a, int aOffset, float[] b, int bOffset, int length, double acc) {
        for (int i = 0; i < length; i++) {
            acc += (double) a[aOffset + i] * b[bOffset + i];
        }
        return acc;
    }

    /**
     * Adds the elements [from, length) of the dot products of 4 w rows with {@code rows} x rows to
     * out[outOffset + r·outStride + j]: the scalar tail of the SIMD dot-product blocks, kept in one loop so
     * that it costs the vector kernels little compiled code.
     */
    static void addDotTails(float[] w, int wOffset, int wStride, float[] x, int xOffset, int xStride, int from,
                            int length, float[] out, int outOffset, int outStride, int rows) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 4; j++) {
                int at = outOffset + r * outStride + j;
                out[at] = (float) dot(w, wOffset + j * wStride + from, x, xOffset + r * xStride + from, length - from,
                        out[at]);
            }
        }
    }

    static double expSum(float[] x, int from, int to, float shift, double acc) {
        for (int i = from; i < to; i++) {
            acc += ExpPolynomial.expShifted(x[i], shift);
        }
        return acc;
    }

    static double expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift,
                              double acc) {
        for (int i = 0; i < length; i++) {
            float e = ExpPolynomial.expShifted(x[xOffset + i], shift);
            y[yOffset + i] = e;
            acc += e;
        }
        return acc;
    }
}
