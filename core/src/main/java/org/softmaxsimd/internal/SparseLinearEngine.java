package org.softmaxsimd.internal;

import org.softmaxsimd.internal.vectorization.KernelSupport;

/**
 * The linear layer over CSR rows, with the weights stored transposed (Wᵀ, features × classes) so that each
 * non-zero touches one contiguous row of K values: logits Z_r = b + Σ_k value_k·Wᵀ[index_k] and the gradient
 * Wᵀ[index_k] += s·value_k·dZ_r, each a K-wide multiply-add of the kernels. The sums run over the non-zeros in
 * their stored order and over the rows in ascending order, one fused multiply-add per term, on every kernel path
 * and tier. Arguments are trusted: {@code org.softmaxsimd.SparseLinear} checks them. Internal API.
 */
public final class SparseLinearEngine {

    private final KernelSupport kernels;

    /** Creates an engine over {@code kernels}. */
    public SparseLinearEngine(KernelSupport kernels) {
        this.kernels = kernels;
    }

    /** Z (rows × K) = X·W (+ b) for the CSR rows at rowStartOffset and Wᵀ (d × K) at wtOffset. */
    public void logitsRows(int[] rowStart, int rowStartOffset, int[] index, float[] value, float[] wt, int wtOffset,
                           float[] b, int bOffset, float[] z, int zOffset, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            int at = zOffset + r * classes;
            if (b == null) {
                java.util.Arrays.fill(z, at, at + classes, 0f);
            } else {
                System.arraycopy(b, bOffset, z, at, classes);
            }
            for (int k = rowStart[rowStartOffset + r]; k < rowStart[rowStartOffset + r + 1]; k++) {
                kernels.axpy(value[k], wt, wtOffset + index[k] * classes, z, at, classes);
            }
        }
    }

    /** dWᵀ (d × K) += scale·Xᵀ·dZ and, when db is not null, db += scale·Σ_r dZ_r. */
    public void accumulateGradient(float[] dz, int dzOffset, int[] rowStart, int rowStartOffset, int[] index,
                                   float[] value, float[] dwt, int dwtOffset, float[] db, int dbOffset, int rows,
                                   int classes, float scale) {
        for (int r = 0; r < rows; r++) {
            int at = dzOffset + r * classes;
            for (int k = rowStart[rowStartOffset + r]; k < rowStart[rowStartOffset + r + 1]; k++) {
                kernels.axpy(scale * value[k], dz, at, dwt, dwtOffset + index[k] * classes, classes);
            }
            if (db != null) {
                kernels.axpy(scale, dz, at, db, dbOffset, classes);
            }
        }
    }
}
