package org.softmaxsimd;

import org.softmaxsimd.internal.LinearEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The linear layer of softmax regression over flat row-major {@code float[]} matrices: logits z = W·x + b
 * of one example, batched logits Z = X·Wᵀ + b, the weight and bias gradients dW += s·dZᵀ·X, db += s·Σ dZ,
 * L2 weight decay dW += λ·W (the bias is never decayed), and the input gradient dX = dZ·W for a softmax
 * layer that sits on top of another model. Shapes: W is K×d (classes × features), X is m×d, Z and dZ are
 * m×K, b and db have K entries; every matrix starts at its offset.
 *
 * <p>Contract: null arrays, negative or overflowing shapes, slices out of range, and an output that overlaps
 * one of its inputs (in any way: these are not element-wise) are rejected before anything is written, with
 * the argument named. Accumulating methods add to their outputs ({@code +=}); the others overwrite. A
 * {@code null} bias means none. No allocation; thread-safe for disjoint outputs.
 *
 * <p>Accuracy: dot products are accumulated in float vector lanes (16 lanes × the d/16 terms of each lane
 * on 512-bit vectors), so |z − exact| ≤ (d/L + 8)·2^-24·Σ_j |W_kj·x_j| with L the lanes (1 on the scalar
 * path, which accumulates in double and is far tighter). The gradient sums fold 4 rows per step in float:
 * |error| ≤ (m/4 + 4)·2^-23·s·Σ_i |dZ_ik·X_ij|. NaN and ±∞ propagate as in the arithmetic.
 */
public final class Linear {

    private static final LinearEngine ENGINE = new LinearEngine(VectorizationProvider.kernels());

    private Linear() {
    }

    /** z[zOffset + k] = Σ_j W[k][j]·x[j] (+ b[k]) for k < classes; b may be null. */
    public static void logits(float[] w, int wOffset, int classes, int features, float[] x, int xOffset, float[] b,
                              int bOffset, float[] z, int zOffset) {
        int size = Checks.matrix("w", w, wOffset, classes, features);
        Checks.slice("x", x, xOffset, features);
        Checks.slice("z", z, zOffset, classes);
        Checks.disjoint("z", z, zOffset, classes, "w", w, wOffset, size);
        Checks.disjoint("z", z, zOffset, classes, "x", x, xOffset, features);
        checkBias(b, bOffset, classes);
        ENGINE.logits(w, wOffset, classes, features, x, xOffset, b, bOffset, z, zOffset);
    }

    /** Z (rows×classes) = X (rows×features)·Wᵀ (+ b on every row); b may be null. */
    public static void logitsBatch(float[] x, int xOffset, int rows, int features, float[] w, int wOffset,
                                   int classes, float[] b, int bOffset, float[] z, int zOffset) {
        int xSize = Checks.matrix("x", x, xOffset, rows, features);
        int wSize = Checks.matrix("w", w, wOffset, classes, features);
        int zSize = Checks.matrix("z", z, zOffset, rows, classes);
        Checks.disjoint("z", z, zOffset, zSize, "x", x, xOffset, xSize);
        Checks.disjoint("z", z, zOffset, zSize, "w", w, wOffset, wSize);
        checkBias(b, bOffset, classes);
        ENGINE.logitsBatch(x, xOffset, rows, features, w, wOffset, classes, b, bOffset, z, zOffset);
    }

    /**
     * dW (classes×features) += scale·dZᵀ·X and, when db is not null, db += scale·Σ_i dZ_i (e.g. scale = 1/m for
     * the mean over a batch).
     */
    public static void accumulateGradient(float[] dz, int dzOffset, int rows, int classes, float[] x, int xOffset,
                                          int features, float scale, float[] dw, int dwOffset, float[] db,
                                          int dbOffset) {
        int dzSize = Checks.matrix("dz", dz, dzOffset, rows, classes);
        int xSize = Checks.matrix("x", x, xOffset, rows, features);
        int dwSize = Checks.matrix("dw", dw, dwOffset, classes, features);
        Checks.disjoint("dw", dw, dwOffset, dwSize, "dz", dz, dzOffset, dzSize);
        Checks.disjoint("dw", dw, dwOffset, dwSize, "x", x, xOffset, xSize);
        if (db != null) {
            Checks.slice("db", db, dbOffset, classes);
            Checks.disjoint("db", db, dbOffset, classes, "dz", dz, dzOffset, dzSize);
            Checks.disjoint("db", db, dbOffset, classes, "dw", dw, dwOffset, dwSize);
        }
        ENGINE.accumulateGradient(dz, dzOffset, rows, classes, x, xOffset, features, scale, dw, dwOffset, db, dbOffset);
    }

    /** dW += λ·W over the classes×features weights; λ must be finite and ≥ 0. */
    public static void addWeightDecay(float[] w, int wOffset, int classes, int features, float lambda, float[] dw,
                                      int dwOffset) {
        if (!(lambda >= 0f && lambda <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, but was " + lambda);
        }
        int size = Checks.matrix("w", w, wOffset, classes, features);
        Checks.slice("dw", dw, dwOffset, size);
        Checks.disjoint("dw", dw, dwOffset, size, "w", w, wOffset, size);
        ENGINE.addWeightDecay(w, wOffset, size, lambda, dw, dwOffset);
    }

    /** dX (rows×features) = dZ (rows×classes)·W (classes×features); overwrites dX. */
    public static void inputGradient(float[] dz, int dzOffset, int rows, int classes, float[] w, int wOffset,
                                     int features, float[] dx, int dxOffset) {
        int dzSize = Checks.matrix("dz", dz, dzOffset, rows, classes);
        int wSize = Checks.matrix("w", w, wOffset, classes, features);
        int dxSize = Checks.matrix("dx", dx, dxOffset, rows, features);
        Checks.disjoint("dx", dx, dxOffset, dxSize, "dz", dz, dzOffset, dzSize);
        Checks.disjoint("dx", dx, dxOffset, dxSize, "w", w, wOffset, wSize);
        ENGINE.inputGradient(dz, dzOffset, rows, classes, w, wOffset, features, dx, dxOffset);
    }

    private static void checkBias(float[] b, int bOffset, int classes) {
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
    }
}
