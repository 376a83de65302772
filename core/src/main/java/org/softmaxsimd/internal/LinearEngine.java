package org.softmaxsimd.internal;

import java.util.Arrays;

import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * The linear layer of softmax regression on the primitive loops of a {@link KernelSupport}: batched logits as
 * panels where the kernel has them ({@link KernelSupport#logitsRows}: rows in lanes, classes broadcast) and
 * otherwise as register-blocked dot products (4 class rows × 4 example rows, 16 accumulators, each load feeding
 * four multiply-adds; 4 × 1 for a lone example), gradients as register-blocked
 * multiply-adds (4 example rows folded into each load and store of a gradient row), both blocked so that
 * the reused operand stays in cache. Arguments are trusted: {@code org.softmaxsimd.Linear} checks them.
 * Internal API: it may change in any release.
 */
public final class LinearEngine {

    /** Bytes of W (class rows) kept hot in L2 while every example row passes over them. */
    private static final int WEIGHT_BLOCK_BYTES = 256 * 1024;
    /** Example rows folded per pass over the class rows of the weight gradient. */
    private static final int EXAMPLE_BLOCK = 64;

    private final KernelSupport kernels;

    /** Creates an engine over {@code kernels}. */
    public LinearEngine(KernelSupport kernels) {
        this.kernels = kernels;
    }

    /** z[k] = W_k·x (+ b[k]) for the K×d row-major W. */
    public void logits(float[] w, int wOffset, int classes, int features, float[] x, int xOffset, float[] b,
                       int bOffset, float[] z, int zOffset) {
        logitsOfClasses(w, wOffset, 0, classes, features, x, xOffset, z, zOffset);
        if (b != null) {
            kernels.axpy(1f, b, bOffset, z, zOffset, classes);
        }
    }

    /**
     * Z (m×K) = X (m×d)·Wᵀ (+ b on every row): the leading rows the kernel takes as panels (one kernel call),
     * the others in 4 × 4 blocks of dot products.
     */
    public void logitsBatch(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes,
                            float[] b, int bOffset, float[] z, int zOffset) {
        int panelRows = kernels.logitsRows(x, xOffset, rows, features, w, wOffset, classes, z, zOffset);
        int block = Math.max(4, WEIGHT_BLOCK_BYTES / Float.BYTES / Math.max(1, features) / 4 * 4);
        for (int from = 0; from < classes; from += block) {
            int to = Math.min(classes, from + block);
            int i = panelRows;
            for (; i + 4 <= rows; i += 4) {
                int k = from;
                for (; k + 4 <= to; k += 4) {
                    kernels.dot4x4(w, wOffset + k * features, features, x, xOffset + i * features, features, features,
                            z, zOffset + i * classes + k, classes);
                }
                if (k < to && to - from >= 4) {
                    // The last 1-3 classes: one more 4×4 block ending at the last class, which recomputes up to
                    // three logits with the same bits; still 4× fewer loads per multiply-add than single dots.
                    kernels.dot4x4(w, wOffset + (to - 4) * features, features, x, xOffset + i * features, features,
                            features, z, zOffset + i * classes + to - 4, classes);
                } else {
                    for (int r = i; r < i + 4; r++) {
                        logitsOfClasses(w, wOffset, k, to, features, x, xOffset + r * features, z,
                                zOffset + r * classes);
                    }
                }
            }
            for (; i < rows; i++) {
                logitsOfClasses(w, wOffset, from, to, features, x, xOffset + i * features, z, zOffset + i * classes);
            }
        }
        if (b != null) {
            for (int i = 0; i < rows; i++) {
                kernels.axpy(1f, b, bOffset, z, zOffset + i * classes, classes);
            }
        }
    }

    private void logitsOfClasses(float[] w, int wOffset, int from, int to, int features, float[] x, int xOffset,
                                 float[] z, int zOffset) {
        int k = from;
        for (; k + 4 <= to; k += 4) {
            kernels.dot4(w, wOffset + k * features, features, x, xOffset, features, z, zOffset + k);
        }
        for (; k < to; k++) {
            z[zOffset + k] = kernels.dot(w, wOffset + k * features, x, xOffset, features);
        }
    }

    /** dW (K×d) += scale·dZᵀ·X and, when db is not null, db += scale·Σ_i dZ_i. */
    public void accumulateGradient(float[] dz, int dzOffset, int rows, int classes, float[] x, int xOffset,
                                   int features, float scale, float[] dw, int dwOffset, float[] db, int dbOffset) {
        for (int from = 0; from < rows; from += EXAMPLE_BLOCK) {
            int to = Math.min(rows, from + EXAMPLE_BLOCK);
            int k = 0;
            // Four classes × four examples per kernel call share the loads of X; the per-class order of the
            // sums (examples ascending, four at a time, then the rest one by one) is that of foldRows.
            int blockEnd = from + (to - from) / 4 * 4;
            for (; k + 4 <= classes; k += 4) {
                for (int j = from; j < blockEnd; j += 4) {
                    kernels.axpy4x4(dz, dzOffset + j * classes + k, classes, scale, x, xOffset + j * features,
                            features, dw, dwOffset + k * features, features, features);
                }
                for (int r = k; r < k + 4; r++) {
                    foldRows(dz, dzOffset + r, classes, blockEnd, to, scale, x, xOffset, features, dw,
                            dwOffset + r * features);
                }
            }
            for (; k < classes; k++) {
                foldRows(dz, dzOffset + k, classes, from, to, scale, x, xOffset, features, dw, dwOffset + k * features);
            }
        }
        if (db != null) {
            for (int i = 0; i < rows; i++) {
                kernels.axpy(scale, dz, dzOffset + i * classes, db, dbOffset, classes);
            }
        }
    }

    /** dW += λ·W over the K×d weights (a bias is kept apart and never decayed). */
    public void addWeightDecay(float[] w, int wOffset, int size, float lambda, float[] dw, int dwOffset) {
        kernels.axpy(lambda, w, wOffset, dw, dwOffset, size);
    }

    /** dX (m×d) = dZ (m×K)·W (K×d). */
    public void inputGradient(float[] dz, int dzOffset, int rows, int classes, float[] w, int wOffset, int features,
                              float[] dx, int dxOffset) {
        for (int i = 0; i < rows; i++) {
            int row = dxOffset + i * features;
            Arrays.fill(dx, row, row + features, 0f);
            foldRows(dz, dzOffset + i * classes, 1, 0, classes, 1f, w, wOffset, features, dx, row);
        }
    }

    /**
     * y += Σ_{j in [from, to)} scale·c[cOffset + j·cStride]·A_j, with A_j the j-th row (length n) of the
     * row-major matrix at aOffset: four rows per kernel call.
     */
    private void foldRows(float[] c, int cOffset, int cStride, int from, int to, float scale, float[] a,
                          int aOffset, int n, float[] y, int yOffset) {
        int j = from;
        for (; j + 4 <= to; j += 4) {
            int at = cOffset + j * cStride;
            kernels.axpy4(scale * c[at], scale * c[at + cStride], scale * c[at + 2 * cStride],
                    scale * c[at + 3 * cStride], a, aOffset + j * n, n, y, yOffset, n);
        }
        for (; j < to; j++) {
            kernels.axpy(scale * c[cOffset + j * cStride], a, aOffset + j * n, y, yOffset, n);
        }
    }
}
