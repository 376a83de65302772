package org.softmaxsimd.internal.vectorization;

/**
 * The primitive loops every softmax algorithm of the library is built from, one implementation per
 * instruction set ({@link ScalarKernelSupport}, {@link PanamaKernelSupport}), chosen once by
 * {@link VectorizationProvider}. Internal API: it may change in any release.
 *
 * <p>Common contract: arguments are trusted (the public facades check them); every method reads
 * {@code [offset, offset + length)} of its inputs and writes exactly {@code [yOffset, yOffset + length)} of
 * its output; an output may be the same slice as an input (element-wise operations only); nothing is
 * allocated; no state is shared, so every method is thread-safe. Sums are returned in float and are meant
 * for blocks of at most a few thousand elements: callers that need accurate long sums add block results in
 * double. Exponentials are {@link ExpPolynomial#expShifted(float, float)}, bit-identical on both
 * implementations.
 */
public interface KernelSupport {

    /** Returns the implementation name as accepted by {@code -Dsoftmaxsimd.kernels}: "scalar" or "panama". */
    String name();

    /** Returns the number of float lanes processed per step (1 for scalar). */
    int lanes();

    /** Returns the largest element, NaN if any element is NaN, −∞ for length 0; the sign of a zero max is unspecified. */
    float max(float[] x, int offset, int length);

    /** Returns Σ x[i]. */
    float sum(float[] x, int offset, int length);

    /** Returns Σ a[i]·b[i]. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Returns Σ w[i]·(x[i] − shift), or Σ (x[i] − shift) when w is null: the shift is subtracted before the
     * products, so a sum of terms near a large max does not cancel.
     */
    float weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift);

    /** Returns Σ exp(x[i] − shift) for a finite shift ≥ every x[i]. */
    float expSum(float[] x, int offset, int length, float shift);

    /** Writes y[i] = exp(x[i] − shift) and returns Σ y[i]; finite shift ≥ every x[i]. */
    float expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift);

    /** Writes y[i] = x[i]·a + b (rounded twice: product, then sum). */
    void scaleShift(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b);

    /** Writes y[i] = x[i]·a − t[i]·b (each product rounded, then the difference). */
    void scaleSubtractScaled(float[] x, int xOffset, float[] t, int tOffset, float[] y, int yOffset, int length,
                             float a, float b);

    /** Writes y[i] = exp(x[i] − shift)·factor; finite shift ≥ every x[i]. */
    void expScale(float[] x, int xOffset, float[] y, int yOffset, int length, float shift, float factor);

    /** Writes y[i] = (x[i] − a) − b, the two subtractions rounded separately in this order. */
    void subtractTwice(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b);

    /** Writes dx[i] = y[i]·(dy[i] − c). */
    void multiplyDifference(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                            int length, float c);

    /** Writes dx[i] = dy[i] − exp(y[i])·c, for y[i] ≤ 0 (log-probabilities). */
    void subtractScaledExp(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                           int length, float c);

    /**
     * The longest row the row kernels below take: beyond it a row costs enough that the three kernel calls of the
     * per-pass loops above no longer matter. At most {@code SoftmaxEngine.SUM_BLOCK}, so one float block sum.
     */
    int SHORT_ROW_LIMIT = 256;

    /**
     * One call for max and Σ exp(x − max) of a row of at most {@link #SHORT_ROW_LIMIT} elements, packed as
     * {@link RowStats}; {@link RowStats#UNFINISHED} when the max is not finite (or the row is empty). The sum is
     * the one {@link #expSum} gives for that max, bit for bit.
     */
    long maxAndExpSum(float[] x, int offset, int length);

    /**
     * The three-pass softmax of one row of at most {@link #SHORT_ROW_LIMIT} elements in one call: max m,
     * y = exp(x − m) with S = Σ y ({@link #expStoreSum}), then y·(float) (1/S) ({@link #scaleShift}), bit for bit
     * as those three calls. Returns (m, S) as {@link RowStats}, or {@link RowStats#UNFINISHED} with nothing
     * written when m is not finite. y may be x exactly.
     */
    long softmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * The log-softmax of one row of at most {@link #SHORT_ROW_LIMIT} elements in one call: m and S as
     * {@link #maxAndExpSum}, L = {@link LogPolynomial#lnOfSum}(S), then y = (x − m) − L ({@link #subtractTwice}),
     * bit for bit as those calls. Returns (m, L) packed as {@link RowStats} (L in the sum's half), or
     * {@link RowStats#UNFINISHED} with nothing written when m is not finite. y may be x exactly.
     */
    long logSoftmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * One call for the exps of a cross-entropy row of at most {@link #SHORT_ROW_LIMIT} elements: its max m and
     * O = Σ_{i ≠ except} exp(x_i − m) (summed as {@link #expStoreSum} sums, with the label's term left out, and
     * rounded to float), packed as {@link RowStats}. When d is not null, d_i = exp(x_i − m)·(float) (scale /
     * (e + O)) at every index but {@code except}, with e = exp(x_except − m) and the denominator in double: the
     * gradient row without its label entry, each product rounded once after the rounded exp; d[except] is left
     * for the caller to write. {@link RowStats#UNFINISHED} with nothing written when m is not finite. d may be x
     * exactly (x_except must be read before the call).
     */
    long maxAndExpSumExcept(float[] x, int xOffset, float[] d, int dOffset, int length, int except, double scale);

    /**
     * Cross-entropy without smoothing of each row of a {@code rows × cols} matrix of logits (cols ≤
     * {@link #SHORT_ROW_LIMIT}) with integer labels, in one call. Returns Σ_r w_{y_r}·(−log p_{y_r}) in double over
     * the rows whose label is not {@code ignoreLabel} (w the class weights, all 1 when null), and when d is not null
     * writes each such row's gradient scale·w_y·(p − e_y), and zeros into the rows of ignored labels. Labels are
     * trusted: in [0, cols) or ignoreLabel. A row's max, O and label entry are turned into its loss as
     * {@link CrossEntropyRows#row} does, a row whose max is not finite as {@link CrossEntropyRows#specialRow}.
     * A vector implementation may take many narrow rows several at a time, with another order of additions in O,
     * and may finish the rows of a batch of more than one row several at a time in float (the factor, the label
     * entry, log1p(O/e_y) and ln S), within the documented bounds; a row's result depends on its own values, its
     * label and the batch's shape only. d may be x exactly.
     */
    double crossEntropyRows(float[] x, int xOffset, int rows, int cols, int[] labels, int labelsOffset,
                            float[] weights, int ignoreLabel, double scale, float[] d, int dOffset);

    /**
     * The softmax of each row of a {@code rows × cols} matrix (cols ≤ {@link #SHORT_ROW_LIMIT}) in one call.
     * Returns the number of leading rows done: it may stop before a row whose max is not finite, leaving that
     * row and the later ones to the caller (or compute it as {@link SpecialRows} does). A row gives the same bits wherever it lies in a matrix of a given
     * shape; a vector implementation may take many narrow rows several at a time, with another order of additions
     * than {@link #softmaxRow} (within the same bound), and other rows as {@link #softmaxRow}. y may be x exactly.
     */
    int softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols);

    /**
     * Log-softmax of each row, as {@link #softmaxRows}: y = (x − m) − L, with m and S as in
     * {@link #maxAndExpSum} and L = {@link LogPolynomial#lnOfSum}(S); returns the number of leading rows done.
     */
    int logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols);

    /**
     * out[outOffset + r] = m + L of each row (one float addition, L as in {@link #logSoftmaxRows}), as
     * {@link #softmaxRows}; returns the number of leading rows done.
     */
    int logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols);

    /**
     * Writes out[outOffset + j] = Σ_i w[wOffset + j·wStride + i]·x[xOffset + i] for j = 0..3: four dot
     * products that share the loads of x (the register block of the logits GEMM).
     */
    void dot4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int length, float[] out, int outOffset);

    /**
     * Writes out[outOffset + r·outStride + j] = Σ_i w[wOffset + j·wStride + i]·x[xOffset + r·xStride + i] for
     * r, j = 0..3: a 4 × 4 block of dot products with 16 accumulators, each load of w or x feeding four
     * multiply-adds (the register block of the batched logits).
     */
    void dot4x4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int xStride, int length, float[] out,
                int outOffset, int outStride);

    /**
     * Z = X·Wᵀ for the leading rows of a batch that this kernel takes as panels (rows in vector lanes, classes
     * broadcast, no sums across lanes): z[zOffset + i·classes + k] = Σ_j x[xOffset + i·features + j]·w[wOffset +
     * k·features + j]. Returns how many leading rows it wrote (0 when it does not take the shape, or has no such
     * kernel); the caller computes the others with {@link #dot4x4}. The order of the sums keeps the bound of
     * {@code Linear} (see {@code PanamaLogitsPanels}).
     */
    int logitsRows(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes, float[] z,
                   int zOffset);

    /** y[i] = fma(a, x[i], y[i]) (one rounding). */
    void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * y[i] += a0·x[i] + a1·x[i + stride] + a2·x[i + 2·stride] + a3·x[i + 3·stride] as a chain of four fused
     * multiply-adds starting from y[i]: four rows of x folded into y with one load and store of y (the register
     * block of the gradient GEMMs).
     */
    void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, int stride, float[] y, int yOffset,
               int length);

    /**
     * Four {@link #axpy4} sharing their loads of x: for r = 0..3, row r of y (at yOffset + r·yStride) gets
     * axpy4 with coefficients scale·a[aOffset + j·aStride + r], j = 0..3, over the rows of x at
     * xOffset + j·xStride. Bit for bit the same as the four axpy4 calls (the register block of dW += dZᵀ·X).
     */
    void axpy4x4(float[] a, int aOffset, int aStride, float scale, float[] x, int xOffset, int xStride, float[] y,
                 int yOffset, int yStride, int length);

    /** y[i] = 1 / (1 + exp(−x[i])), computed from exp(−|x|) so it never overflows. */
    void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length);

    /** y[i] = log σ(x[i]) = min(x[i], 0) − log1p(exp(−|x[i]|)). */
    void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * Binary cross-entropy with logits: returns Σ_i [max(x_i, 0) − x_i·t_i + log1p(exp(−|x_i|))] and writes
     * g[i] = (σ(x_i) − t_i)·gradScale (nothing is written when g is null).
     */
    float binaryCrossEntropy(float[] x, int xOffset, float[] t, int tOffset, float[] g, int gOffset, int length,
                             float gradScale);
}
