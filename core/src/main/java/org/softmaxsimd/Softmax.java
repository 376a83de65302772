package org.softmaxsimd;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Softmax, log-softmax, log-sum-exp and their backward passes over {@code float[]} slices, on SIMD kernels
 * (Java Vector API) when {@code --add-modules jdk.incubator.vector} is given, else on scalar kernels.
 *
 * <h2>Common contract</h2>
 * <ul>
 *   <li><b>Arguments</b> follow the library's one order ({@code docs/API.md}): the inputs, then the
 *       outputs, each array followed by its offset ({@code xOffset}, {@code yOffset}, …), then the shape
 *       ({@code length}, or {@code rows, cols}). Whole-array overloads take the arrays alone.</li>
 *   <li><b>Slices.</b> Every method works on {@code [offset, offset + length)} of its arrays and writes
 *       nothing outside the output slice. Row-batched forms ({@code *Rows}) work on a {@code rows × cols}
 *       row-major matrix starting at the offset.</li>
 *   <li><b>Checks.</b> A null array is a {@link NullPointerException}; a negative length, rows or cols, or
 *       a partial overlap of an output with an input is an {@link IllegalArgumentException}; a slice
 *       outside its array is an {@link IndexOutOfBoundsException}. Each message names the argument and
 *       the bound, and the check happens before any output is written.</li>
 *   <li><b>Aliasing.</b> An output may be exactly an input slice (same array, same offset: in place);
 *       any other overlap is rejected. {@link #logSumExpRows} is the exception: it reduces, so its output
 *       must not overlap the input at all.</li>
 *   <li><b>Threads and memory.</b> No method allocates or keeps state; all are thread-safe for disjoint
 *       outputs.</li>
 *   <li><b>Stability.</b> Every exp is taken of {@code x − max(x)}, so finite inputs anywhere in
 *       ±3.4e38 neither overflow nor give NaN; the subtraction is carried exactly (TwoSum) into the exp, so
 *       accuracy does not depend on the magnitude of the inputs. Sums are accumulated in blocks of
 *       {@value SoftmaxEngine#SUM_BLOCK} added in double, so accuracy does not degrade with the length.</li>
 *   <li><b>Special values</b> of a row x (each tested):
 *     <ul>
 *       <li>any NaN: log-sum-exp is NaN and every output is NaN;</li>
 *       <li>−∞ entries get probability exactly 0 (log-probability −∞);</li>
 *       <li>+∞ entries and no NaN: log-sum-exp is +∞; the +∞ entries share the probability equally (the
 *           limit: each gets 1/count, log-probability −log(count)), the others get 0 (−∞);</li>
 *       <li>all entries −∞: log-sum-exp is −∞ and softmax / log-softmax are NaN everywhere (0/0);</li>
 *       <li>length 0: log-sum-exp and max are −∞, nothing is written.</li>
 *     </ul></li>
 *   <li><b>Error bounds</b> (against the exact result for the given float inputs, tested on both kernel
 *       paths against a float64 reference): probabilities within relative error 5e-7 for rows of up to
 *       10^6 elements and 1e-6 up to 64·2^20 elements, plus an absolute 2^-125: an exp below
 *       2^-125.5 ≈ 1.7e-38 is flushed to 0 (a probability computed from a normal exp may still be subnormal);
 *       the exp itself is within 2.02 ulp (measured over every float of its domain, see README.md);
 *       log-sum-exp within 1e-6·max(1, |lse|); log-probabilities within 1e-6·max(1, |y|). The scalar and the
 *       SIMD path compute the same exp bit for bit and differ only in the order of additions, so they
 *       agree within the same bounds.</li>
 *   <li><b>Reproducibility.</b> The lanes are added in a fixed order that the interpreter and JIT-compiled
 *       code follow alike, so a call gives the same bits from the first call on, for a given kernel path,
 *       vector width and JDK.</li>
 *   <li><b>Batching.</b> The row forms hand rows of up to 256 columns to the row kernels, the whole batch in
 *       one kernel call. On the SIMD path a batch of at least L/2 rows (L the float lanes) of at most 16 columns
 *       is computed a vector of rows at a time (transposed: row r in lane r), which adds a row's exps in another
 *       order than the one-row call: within the same bounds, possibly another last bit. A row's result
 *       depends on its own values and the batch's shape only, never on its neighbours or its place.</li>
 * </ul>
 *
 * <p>The kernels are chosen once per JVM by the system property {@code softmaxsimd.kernels}
 * ({@code auto}, {@code scalar}, {@code panama}); see {@link #implementation()}.
 */
public final class Softmax {

    private static final SoftmaxEngine ENGINE = new SoftmaxEngine(VectorizationProvider.kernels());

    private Softmax() {
    }

    /**
     * Returns the name of the kernels in use, "panama" (Vector API) or "scalar", as chosen by
     * {@code -Dsoftmaxsimd.kernels=auto|scalar|panama} (default {@code auto}).
     *
     * @return "panama" or "scalar"
     */
    public static String implementation() {
        return ENGINE.kernels().name();
    }

    /**
     * Returns how many float lanes the kernels in use process at once: the Vector API species' lanes (16 for
     * a 512-bit species, 8 for 256 bits) on the "panama" path, 1 on the scalar path. Distributed trainers
     * report it per executor, since an executor started without the vector module runs scalar.
     *
     * @return the float lanes of the kernels in use
     */
    public static int lanes() {
        return ENGINE.kernels().lanes();
    }

    /**
     * Returns the largest element of {@code x[offset, offset + length)}: NaN if any element is NaN, −∞ for
     * length 0. Exact; when the largest value is zero, its sign is unspecified (+0.0 or −0.0).
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param offset index of the first element of the slice
     * @param length number of elements (≥ 0)
     * @return the largest element (NaN if any is NaN, −∞ for length 0)
     */
    public static float max(float[] x, int offset, int length) {
        Checks.slice("x", x, offset, length);
        return ENGINE.max(x, offset, length);
    }

    /**
     * Returns {@link #max(float[], int, int)} of the whole array.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @return the largest element (NaN if any is NaN, −∞ for length 0)
     */
    public static float max(float[] x) {
        return max(x, 0, lengthOf("x", x));
    }

    /**
     * Returns {@code log(Σ exp(x[i]))} over {@code x[offset, offset + length)}, computed as
     * {@code max + log(Σ exp(x[i] − max))} in one read of x. Absolute error ≤ 1e-6·max(1, |lse|).
     * Special values: NaN in the row gives NaN; +∞ (no NaN) gives +∞; all −∞ or length 0 gives −∞.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param offset index of the first element of the slice
     * @param length number of elements (≥ 0)
     * @return log Σ exp(x), within 1e-6·max(1, |lse|)
     */
    public static float logSumExp(float[] x, int offset, int length) {
        Checks.slice("x", x, offset, length);
        return ENGINE.logSumExp(x, offset, length);
    }

    /**
     * Returns {@link #logSumExp(float[], int, int)} of the whole array.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @return log Σ exp(x), within 1e-6·max(1, |lse|)
     */
    public static float logSumExp(float[] x) {
        return logSumExp(x, 0, lengthOf("x", x));
    }

    /**
     * Writes {@code y[yOffset + i] = exp(x[xOffset + i]) / Σ_j exp(x[xOffset + j])} for
     * {@code i < length} and returns the row's log-sum-exp. Rows up to 2^25 elements use three passes (max;
     * exp stored and summed; scale); longer rows use two (online max and sum; exp and scale), which moves
     * less memory. Error bounds and special values: see the class comment.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param length number of elements (≥ 0)
     * @return the log-sum-exp of the row, as {@link #logSumExp(float[], int, int)}
     */
    public static float softmax(float[] x, int xOffset, float[] y, int yOffset, int length) {
        checkUnary(x, xOffset, y, yOffset, length);
        return ENGINE.softmax(x, xOffset, y, yOffset, length);
    }

    /**
     * {@link #softmax(float[], int, float[], int, int)} of the whole array; y may be x.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @return the row's log-sum-exp
     */
    public static float softmax(float[] x, float[] y) {
        Checks.sameLength("x", x, "y", y);
        return softmax(x, 0, y, 0, x.length);
    }

    /**
     * Writes {@code y[yOffset + i] = x[xOffset + i] − logSumExp(x)} for {@code i < length}, computed as
     * {@code (x − max) − log(Σ exp(x − max))} so that no cancellation against a large max is lost, and
     * returns the row's log-sum-exp. Error bounds and special values: see the class comment.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param length number of elements (≥ 0)
     * @return the row's log-sum-exp
     */
    public static float logSoftmax(float[] x, int xOffset, float[] y, int yOffset, int length) {
        checkUnary(x, xOffset, y, yOffset, length);
        return ENGINE.logSoftmax(x, xOffset, y, yOffset, length);
    }

    /**
     * {@link #logSoftmax(float[], int, float[], int, int)} of the whole array; y may be x.
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @return the row's log-sum-exp
     */
    public static float logSoftmax(float[] x, float[] y) {
        Checks.sameLength("x", x, "y", y);
        return logSoftmax(x, 0, y, 0, x.length);
    }

    /**
     * Backward pass of softmax: given the softmax output {@code y} and the gradient {@code dy} of a loss
     * with respect to y, writes the gradient with respect to the softmax input,
     * {@code dx[i] = y[i]·(dy[i] − Σ_j y[j]·dy[j])}. dx may be y or dy (in place). Error:
     * {@code |dx[i] − exact| ≤ 1e-6·|y[i]|·(|dy[i]| + Σ_j |y[j]·dy[j]|)}. NaN or ±∞ in y or dy propagate as
     * in the formula.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dyOffset index in {@code dy} of its first element
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     * @param dxOffset index in {@code dx} of its first element written
     * @param length number of elements (≥ 0)
     */
    public static void softmaxBackward(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                       int length) {
        checkBinary(y, yOffset, dy, dyOffset, dx, dxOffset, length);
        ENGINE.softmaxBackward(y, yOffset, dy, dyOffset, dx, dxOffset, length);
    }

    /**
     * {@link #softmaxBackward(float[], int, float[], int, float[], int, int)} of whole arrays.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     */
    public static void softmaxBackward(float[] y, float[] dy, float[] dx) {
        Checks.sameLength("y", y, "dy", dy);
        Checks.sameLength("y", y, "dx", dx);
        softmaxBackward(y, 0, dy, 0, dx, 0, y.length);
    }

    /**
     * Backward pass of log-softmax: given the log-softmax output {@code y} (log-probabilities, ≤ 0) and the
     * gradient {@code dy}, writes {@code dx[i] = dy[i] − exp(y[i])·Σ_j dy[j]}. dx may be y or dy (in
     * place). Error: {@code |dx[i] − exact| ≤ 1e-6·(|dy[i]| + exp(y[i])·Σ_j |dy[j]|)}; exp(y) below 2^-125.5 is
     * taken as 0. y above 88 (not a log-probability) gives unspecified values; NaN propagates.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dyOffset index in {@code dy} of its first element
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     * @param dxOffset index in {@code dx} of its first element written
     * @param length number of elements (≥ 0)
     */
    public static void logSoftmaxBackward(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx,
                                          int dxOffset, int length) {
        checkBinary(y, yOffset, dy, dyOffset, dx, dxOffset, length);
        ENGINE.logSoftmaxBackward(y, yOffset, dy, dyOffset, dx, dxOffset, length);
    }

    /**
     * {@link #logSoftmaxBackward(float[], int, float[], int, float[], int, int)} of whole arrays.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     */
    public static void logSoftmaxBackward(float[] y, float[] dy, float[] dx) {
        Checks.sameLength("y", y, "dy", dy);
        Checks.sameLength("y", y, "dx", dx);
        logSoftmaxBackward(y, 0, dy, 0, dx, 0, y.length);
    }

    // ---- row-batched forms over a rows × cols row-major matrix ----

    /**
     * Writes the log-sum-exp of each row of the {@code rows × cols} matrix at {@code x[xOffset]} to
     * {@code out[outOffset + r]}. Per row as {@link #logSumExp(float[], int, int)} (within its bound; narrow rows
     * in a large batch may differ from it in the last bit: see "Batching" above). {@code out} must not
     * overlap the matrix (not even in place: a row's result would overwrite a later row before it is read).
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param xOffset index in {@code x} of the first element used
     * @param out receives one log-sum-exp per row at {@code outOffset}; must not overlap x
     * @param outOffset index in {@code out} of the first row's result
     * @param rows number of rows (examples) of the batch (≥ 0)
     * @param cols number of columns of each row (≥ 0)
     */
    public static void logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        int size = Checks.matrix("x", x, xOffset, rows, cols);
        Checks.slice("out", out, outOffset, rows);
        Checks.disjoint("out", out, outOffset, rows, "x", x, xOffset, size);
        ENGINE.logSumExpRows(x, xOffset, out, outOffset, rows, cols);
    }

    /**
     * Softmax of each row of the {@code rows × cols} matrix at {@code x[xOffset]} into the same-shaped
     * matrix at {@code y[yOffset]} (y may be x in place). Per row as
     * {@link #softmax(float[], int, float[], int, int)} (within its bound; narrow rows in a large batch may differ
     * from it in the last bit: see "Batching" above).
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param rows number of rows (examples) of the batch (≥ 0)
     * @param cols number of columns of each row (≥ 0)
     */
    public static void softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        int size = Checks.matrix("x", x, xOffset, rows, cols);
        checkUnary(x, xOffset, y, yOffset, size);
        ENGINE.softmaxRows(x, xOffset, y, yOffset, rows, cols);
    }

    /**
     * Log-softmax of each row of the {@code rows × cols} matrix at {@code x[xOffset]} into the same-shaped
     * matrix at {@code y[yOffset]} (y may be x in place). Per row as
     * {@link #logSoftmax(float[], int, float[], int, int)} (within its bound; narrow rows in a large batch may differ
     * from it in the last bit: see "Batching" above).
     *
     * @param x the input values (a {@code rows × cols} row-major matrix for the row forms)
     * @param xOffset index in {@code x} of the first element used
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param rows number of rows (examples) of the batch (≥ 0)
     * @param cols number of columns of each row (≥ 0)
     */
    public static void logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        int size = Checks.matrix("x", x, xOffset, rows, cols);
        checkUnary(x, xOffset, y, yOffset, size);
        ENGINE.logSoftmaxRows(x, xOffset, y, yOffset, rows, cols);
    }

    /**
     * {@link #softmaxBackward(float[], int, float[], int, float[], int, int)} of each row.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dyOffset index in {@code dy} of its first element
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     * @param dxOffset index in {@code dx} of its first element written
     * @param rows number of rows (examples) of the batch (≥ 0)
     * @param cols number of columns of each row (≥ 0)
     */
    public static void softmaxBackwardRows(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx,
                                           int dxOffset, int rows, int cols) {
        int size = Checks.matrix("y", y, yOffset, rows, cols);
        checkBinary(y, yOffset, dy, dyOffset, dx, dxOffset, size);
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            ENGINE.softmaxBackward(y, yOffset + at, dy, dyOffset + at, dx, dxOffset + at, cols);
        }
    }

    /**
     * {@link #logSoftmaxBackward(float[], int, float[], int, float[], int, int)} of each row.
     *
     * @param y the output at {@code yOffset}, same shape as the input; may be the input slice exactly (in place)
     * @param yOffset index in {@code y} of the first element written
     * @param dy the gradient of the loss with respect to the forward output, at {@code dyOffset}
     * @param dyOffset index in {@code dy} of its first element
     * @param dx receives the gradient with respect to the forward input at {@code dxOffset}; may be y or dy exactly
     * (in place)
     * @param dxOffset index in {@code dx} of its first element written
     * @param rows number of rows (examples) of the batch (≥ 0)
     * @param cols number of columns of each row (≥ 0)
     */
    public static void logSoftmaxBackwardRows(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx,
                                              int dxOffset, int rows, int cols) {
        int size = Checks.matrix("y", y, yOffset, rows, cols);
        checkBinary(y, yOffset, dy, dyOffset, dx, dxOffset, size);
        for (int r = 0; r < rows; r++) {
            int at = r * cols;
            ENGINE.logSoftmaxBackward(y, yOffset + at, dy, dyOffset + at, dx, dxOffset + at, cols);
        }
    }

    private static int lengthOf(String name, float[] x) {
        return Checks.notNull(name, x).length;
    }

    private static void checkUnary(float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.slice("x", x, xOffset, length);
        Checks.slice("y", y, yOffset, length);
        Checks.inPlaceOrDisjoint("y", y, yOffset, "x", x, xOffset, length);
    }

    private static void checkBinary(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                    int length) {
        Checks.slice("y", y, yOffset, length);
        Checks.slice("dy", dy, dyOffset, length);
        Checks.slice("dx", dx, dxOffset, length);
        Checks.inPlaceOrDisjoint("dx", dx, dxOffset, "y", y, yOffset, length);
        Checks.inPlaceOrDisjoint("dx", dx, dxOffset, "dy", dy, dyOffset, length);
    }
}
