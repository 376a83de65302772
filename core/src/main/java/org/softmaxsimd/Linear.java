package org.softmaxsimd;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.LinearEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The linear layer of softmax regression over flat row-major {@code float[]} matrices: logits z = W·x + b
 * of one example, batched logits Z = X·Wᵀ + b, the weight and bias gradients dW += s·dZᵀ·X, db += s·Σ dZ,
 * L2 weight decay dW += λ·W (the bias is never decayed), and the input gradient dX = dZ·W for a softmax
 * layer that sits on top of another model. Shapes: W is K×d (classes × features), X is m×d, Z and dZ are
 * m×K, b and db have K entries; every matrix starts at its offset.
 *
 * <p>Arguments in the library's one order ({@code docs/API.md}): the inputs (x or dZ, then W, then b), then
 * the outputs, each array followed by its offset, then the shape {@code rows, classes, features} (the ones
 * the method has), then a scalar factor.
 *
 * <p>Contract: null arrays, negative or overflowing shapes, slices out of range, and an output that overlaps
 * one of its inputs (in any way: these are not element-wise) are rejected before anything is written, with
 * the argument named. Accumulating methods add to their outputs ({@code +=}); the others overwrite. A
 * {@code null} bias means none. No allocation per call; thread-safe for disjoint outputs. The panel path of
 * {@link #logitsRows} keeps 512 KB of packed rows per thread, allocated on that thread's first such call.
 *
 * <p>Accuracy: dot products are accumulated in float vector lanes (16 lanes × the d/16 terms of each lane
 * on 512-bit vectors), so |z − exact| ≤ (d/L + 8)·2^-24·Σ_j |W_kj·x_j| with L the lanes (1 on the scalar
 * path, which accumulates in double and is far tighter). With 16 lanes, {@link #logitsRows} computes whole
 * panels of 32 rows with the rows in vector lanes and each logit's products summed in chunks of 4, groups of 16
 * and then in order, which keeps the same bound; those rows may differ in the last bits from {@link #logits}
 * of the same example (the other rows of a batch do not). The gradient sums fold 4 rows per step in float:
 * |error| ≤ (m/4 + 4)·2^-23·s·Σ_i |dZ_ik·X_ij|. NaN and ±∞ propagate as in the arithmetic.
 */
public final class Linear {

    private static final LinearEngine ENGINE = new LinearEngine(VectorizationProvider.kernels());

    private Linear() {
    }

    /**
     * z[zOffset + k] = Σ_j W[k][j]·x[xOffset + j] (+ b[bOffset + k]) for k &lt; classes: the logits of one
     * example. W is {@code classes × features} at wOffset; b may be null (no bias). z must not overlap x, W
     * or b.
     *
     * @param x the input: one example of {@code features} floats at {@code xOffset}, or a {@code rows × features}
     * row-major batch
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param z the logits written: {@code classes} floats at {@code zOffset} (a {@code rows × classes} matrix for the
     * row form)
     * @param zOffset index in {@code z} of the first logit written
     * @param classes number of classes K (≥ 0)
     * @param features number of features d (≥ 0)
     */
    public static void logits(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset, float[] z,
                              int zOffset, int classes, int features) {
        int wSize = Checks.size("classes", classes, "features", features);
        Checks.slice("x", x, xOffset, features);
        Checks.slice("w", w, wOffset, wSize);
        checkBias(b, bOffset, classes);
        Checks.slice("z", z, zOffset, classes);
        Checks.disjoint("z", z, zOffset, classes, "x", x, xOffset, features);
        Checks.disjoint("z", z, zOffset, classes, "w", w, wOffset, wSize);
        Checks.disjoint("z", z, zOffset, classes, "b", b, bOffset, classes);
        ENGINE.logits(w, wOffset, classes, features, x, xOffset, b, bOffset, z, zOffset);
    }

    /**
     * {@link #logits(float[], int, float[], int, float[], int, float[], int, int, int)} of whole arrays:
     * features = x.length, classes = z.length, W must hold classes·features floats and b (unless null)
     * classes floats.
     *
     * @param x the input: one example of {@code features} floats at {@code xOffset}, or a {@code rows × features}
     * row-major batch
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param z the logits written: {@code classes} floats at {@code zOffset} (a {@code rows × classes} matrix for the
     * row form)
     */
    public static void logits(float[] x, float[] w, float[] b, float[] z) {
        int features = Checks.notNull("x", x).length;
        int classes = Checks.notNull("z", z).length;
        requireLength("w", Checks.notNull("w", w), (long) classes * features);
        if (b != null) {
            requireLength("b", b, classes);
        }
        logits(x, 0, w, 0, b, 0, z, 0, classes, features);
    }

    /**
     * Z (rows × classes) = X (rows × features)·Wᵀ (+ b on every row): the logits of a batch, on a
     * register-blocked GEMM (panels of 32 rows × 4 classes with 16 lanes, from 256 classes or 4 when the
     * features are not a multiple of 16; 4 × 4 blocks of dot products otherwise). b may be null. Z must not
     * overlap X, W or b. A row's logits depend only on its values and on whether it falls in a whole panel of
     * 32 rows (the last bits; see the class comment).
     *
     * @param x the input: one example of {@code features} floats at {@code xOffset}, or a {@code rows × features}
     * row-major batch
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param z the logits written: {@code classes} floats at {@code zOffset} (a {@code rows × classes} matrix for the
     * row form)
     * @param zOffset index in {@code z} of the first logit written
     * @param rows number of examples m in the batch (≥ 0)
     * @param classes number of classes K (≥ 0)
     * @param features number of features d (≥ 0)
     */
    public static void logitsRows(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset, float[] z,
                                  int zOffset, int rows, int classes, int features) {
        int xSize = Checks.size("rows", rows, "features", features);
        int wSize = Checks.size("classes", classes, "features", features);
        int zSize = Checks.size("rows", rows, "classes", classes);
        Checks.slice("x", x, xOffset, xSize);
        Checks.slice("w", w, wOffset, wSize);
        checkBias(b, bOffset, classes);
        Checks.slice("z", z, zOffset, zSize);
        Checks.disjoint("z", z, zOffset, zSize, "x", x, xOffset, xSize);
        Checks.disjoint("z", z, zOffset, zSize, "w", w, wOffset, wSize);
        Checks.disjoint("z", z, zOffset, zSize, "b", b, bOffset, classes);
        ENGINE.logitsBatch(x, xOffset, rows, features, w, wOffset, classes, b, bOffset, z, zOffset);
    }

    /**
     * dW (classes × features) += scale·dZᵀ·X and, when db is not null, db += scale·Σ_i dZ_i (e.g. scale = 1/m
     * for the mean over a batch). dZ is rows × classes, X rows × features. dW and db must not overlap each
     * other, dZ or X.
     *
     * @param dz the gradient of the loss with respect to the logits, {@code rows × classes} row-major at {@code
     * dzOffset}
     * @param dzOffset index in {@code dz} of its first element
     * @param x the input: one example of {@code features} floats at {@code xOffset}, or a {@code rows × features}
     * row-major batch
     * @param xOffset index in {@code x} of the first element used
     * @param dw the weight gradient dW, {@code classes × features} row-major at {@code dwOffset}, accumulated into (+=)
     * @param dwOffset index in {@code dw} of dW[0][0]
     * @param db the bias gradient, {@code classes} floats at {@code dbOffset} accumulated into (+=), or null for none
     * @param dbOffset index in {@code db} of its first entry (ignored when db is null)
     * @param rows number of examples m in the batch (≥ 0)
     * @param classes number of classes K (≥ 0)
     * @param features number of features d (≥ 0)
     * @param scale the factor s of the accumulated gradient (e.g. 1/m for a mean over the batch)
     */
    public static void accumulateGradient(float[] dz, int dzOffset, float[] x, int xOffset, float[] dw, int dwOffset,
                                          float[] db, int dbOffset, int rows, int classes, int features,
                                          float scale) {
        int dzSize = Checks.size("rows", rows, "classes", classes);
        int xSize = Checks.size("rows", rows, "features", features);
        int dwSize = Checks.size("classes", classes, "features", features);
        Checks.slice("dz", dz, dzOffset, dzSize);
        Checks.slice("x", x, xOffset, xSize);
        Checks.slice("dw", dw, dwOffset, dwSize);
        Checks.disjoint("dw", dw, dwOffset, dwSize, "dz", dz, dzOffset, dzSize);
        Checks.disjoint("dw", dw, dwOffset, dwSize, "x", x, xOffset, xSize);
        if (db != null) {
            Checks.slice("db", db, dbOffset, classes);
            Checks.disjoint("db", db, dbOffset, classes, "dz", dz, dzOffset, dzSize);
            Checks.disjoint("db", db, dbOffset, classes, "x", x, xOffset, xSize);
            Checks.disjoint("db", db, dbOffset, classes, "dw", dw, dwOffset, dwSize);
        }
        ENGINE.accumulateGradient(dz, dzOffset, rows, classes, x, xOffset, features, scale, dw, dwOffset, db, dbOffset);
    }

    /**
     * dW += λ·W over the classes × features weights (the bias is never decayed); λ finite and ≥ 0.
     *
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param dw the weight gradient dW, {@code classes × features} row-major at {@code dwOffset}, accumulated into (+=)
     * @param dwOffset index in {@code dw} of dW[0][0]
     * @param classes number of classes K (≥ 0)
     * @param features number of features d (≥ 0)
     * @param lambda the L2 weight decay λ (finite, ≥ 0)
     */
    public static void addWeightDecay(float[] w, int wOffset, float[] dw, int dwOffset, int classes, int features,
                                      float lambda) {
        Checks.finiteNonNegative("lambda", lambda);
        int size = Checks.size("classes", classes, "features", features);
        Checks.slice("w", w, wOffset, size);
        Checks.slice("dw", dw, dwOffset, size);
        Checks.disjoint("dw", dw, dwOffset, size, "w", w, wOffset, size);
        ENGINE.addWeightDecay(w, wOffset, size, lambda, dw, dwOffset);
    }

    /**
     * dX (rows × features) = dZ (rows × classes)·W (classes × features); overwrites dX, which must not overlap dZ or
     * W.
     *
     * @param dz the gradient of the loss with respect to the logits, {@code rows × classes} row-major at {@code
     * dzOffset}
     * @param dzOffset index in {@code dz} of its first element
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param dx receives the input gradient, {@code rows × features} row-major at {@code dxOffset}
     * @param dxOffset index in {@code dx} of its first element
     * @param rows number of examples m in the batch (≥ 0)
     * @param classes number of classes K (≥ 0)
     * @param features number of features d (≥ 0)
     */
    public static void inputGradient(float[] dz, int dzOffset, float[] w, int wOffset, float[] dx, int dxOffset,
                                     int rows, int classes, int features) {
        int dzSize = Checks.size("rows", rows, "classes", classes);
        int wSize = Checks.size("classes", classes, "features", features);
        int dxSize = Checks.size("rows", rows, "features", features);
        Checks.slice("dz", dz, dzOffset, dzSize);
        Checks.slice("w", w, wOffset, wSize);
        Checks.slice("dx", dx, dxOffset, dxSize);
        Checks.disjoint("dx", dx, dxOffset, dxSize, "dz", dz, dzOffset, dzSize);
        Checks.disjoint("dx", dx, dxOffset, dxSize, "w", w, wOffset, wSize);
        ENGINE.inputGradient(dz, dzOffset, rows, classes, w, wOffset, features, dx, dxOffset);
    }

    private static void checkBias(float[] b, int bOffset, int classes) {
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
    }

    private static void requireLength(String name, float[] array, long length) {
        if (array.length != length) {
            throw new IllegalArgumentException(name + ".length (" + array.length + ") must be " + length);
        }
    }
}
