package org.softmaxsimd;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.SparseLinearEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The linear layer of softmax regression for sparse inputs in CSR form (compressed sparse rows), with the
 * weights stored transposed: Wᵀ is {@code features × classes} row-major, so that each non-zero x_j touches the
 * one contiguous row Wᵀ[j] of K values (a K-wide SIMD multiply-add), whatever the feature count. Row r of the
 * batch has the non-zeros {@code index[k], value[k]} for k in {@code [rowStart[rowStartOffset + r],
 * rowStart[rowStartOffset + r + 1])}; positions in {@code rowStart} are absolute indices into index and value.
 *
 * <p>Arguments in the library's one order ({@code docs/API.md}): the inputs, then the outputs, each array
 * followed by its offset (the CSR triple counts as one input: rowStart, its offset, index, value), then the shape
 * {@code rows, classes, features}, then a scalar. Contract: the CSR slice is checked (rowStart never decreases,
 * its non-zeros lie in index and value, every index is in [0, features)), every other slice is in range, an
 * output that overlaps an input is refused, all before anything is written. A {@code null} bias means none. No
 * allocation; thread-safe for disjoint outputs.
 *
 * <p>Accuracy and order: each logit is b_c (or 0) followed by one fused multiply-add per non-zero, in stored
 * order; each gradient entry gets one fused multiply-add per row, rows ascending. So |error| ≤ nnz(row)·2^-24·
 * (|b_c| + Σ |x_j·Wᵀ_jc|) for a logit, the same bits on both kernel paths and before and after JIT compilation.
 */
public final class SparseLinear {

    private static final SparseLinearEngine ENGINE = new SparseLinearEngine(VectorizationProvider.kernels());

    private SparseLinear() {
    }

    /**
     * Z = X·W (+ b on every row): z[zOffset + r·classes + c] = b[c] + Σ_k value[k]·Wᵀ[index[k]][c] over row r's
     * non-zeros. z must not overlap Wᵀ, b or value.
     *
     * @param rowStart       where each row's non-zeros start; entries rowStartOffset … rowStartOffset + rows are read
     * @param rowStartOffset index in {@code rowStart} of the first row's start
     * @param index          the feature index of each non-zero, in [0, features)
     * @param value          the value of each non-zero
     * @param wt             the transposed weights Wᵀ, {@code features × classes} row-major at {@code wtOffset}
     * @param wtOffset       index in {@code wt} of Wᵀ[0][0]
     * @param b              the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset        index in {@code b} of the first bias entry (ignored when b is null)
     * @param z              the logits written, {@code rows × classes} row-major at {@code zOffset}
     * @param zOffset        index in {@code z} of the first logit written
     * @param rows           number of rows m (≥ 0)
     * @param classes        number of classes K (≥ 0)
     * @param features       number of features d (≥ 0)
     */
    public static void logitsRows(int[] rowStart, int rowStartOffset, int[] index, float[] value, float[] wt,
                                  int wtOffset, float[] b, int bOffset, float[] z, int zOffset, int rows, int classes,
                                  int features) {
        int first = Checks.csr(rowStart, rowStartOffset, index, value, rows, features);
        int nonZeros = rowStart[rowStartOffset + rows] - first;
        int wtSize = Checks.size("features", features, "classes", classes);
        int zSize = Checks.size("rows", rows, "classes", classes);
        Checks.slice("wt", wt, wtOffset, wtSize);
        checkBias(b, bOffset, classes);
        Checks.slice("z", z, zOffset, zSize);
        Checks.disjoint("z", z, zOffset, zSize, "wt", wt, wtOffset, wtSize);
        Checks.disjoint("z", z, zOffset, zSize, "b", b, bOffset, classes);
        Checks.disjoint("z", z, zOffset, zSize, "value", value, first, nonZeros);
        ENGINE.logitsRows(rowStart, rowStartOffset, index, value, wt, wtOffset, b, bOffset, z, zOffset, rows, classes);
    }

    /**
     * dWᵀ += scale·Xᵀ·dZ and, when db is not null, db += scale·Σ_r dZ_r: for every non-zero (j, v) of row r,
     * dWᵀ[j][c] += scale·v·dZ[r][c]. Only the rows of Wᵀ whose feature occurs in the batch are touched. dWᵀ and db
     * must not overlap each other, dZ or value.
     *
     * @param dz             the gradient of the loss with respect to the logits, {@code rows × classes} at {@code dzOffset}
     * @param dzOffset       index in {@code dz} of its first element
     * @param rowStart       where each row's non-zeros start; entries rowStartOffset … rowStartOffset + rows are read
     * @param rowStartOffset index in {@code rowStart} of the first row's start
     * @param index          the feature index of each non-zero, in [0, features)
     * @param value          the value of each non-zero
     * @param dwt            the transposed weight gradient, {@code features × classes} at {@code dwtOffset}, accumulated
     *                       into (+=)
     * @param dwtOffset      index in {@code dwt} of its first element
     * @param db             the bias gradient, {@code classes} floats at {@code dbOffset} (+=), or null for none
     * @param dbOffset       index in {@code db} of its first entry (ignored when db is null)
     * @param rows           number of rows m (≥ 0)
     * @param classes        number of classes K (≥ 0)
     * @param features       number of features d (≥ 0)
     * @param scale          the factor s (e.g. 1/m for a mean)
     */
    public static void accumulateGradient(float[] dz, int dzOffset, int[] rowStart, int rowStartOffset, int[] index,
                                          float[] value, float[] dwt, int dwtOffset, float[] db, int dbOffset, int rows,
                                          int classes, int features, float scale) {
        int first = Checks.csr(rowStart, rowStartOffset, index, value, rows, features);
        int nonZeros = rowStart[rowStartOffset + rows] - first;
        int dzSize = Checks.size("rows", rows, "classes", classes);
        int dwtSize = Checks.size("features", features, "classes", classes);
        Checks.slice("dz", dz, dzOffset, dzSize);
        Checks.slice("dwt", dwt, dwtOffset, dwtSize);
        if (db != null) {
            Checks.slice("db", db, dbOffset, classes);
            Checks.disjoint("db", db, dbOffset, classes, "dz", dz, dzOffset, dzSize);
            Checks.disjoint("db", db, dbOffset, classes, "dwt", dwt, dwtOffset, dwtSize);
            Checks.disjoint("db", db, dbOffset, classes, "value", value, first, nonZeros);
        }
        Checks.disjoint("dwt", dwt, dwtOffset, dwtSize, "dz", dz, dzOffset, dzSize);
        Checks.disjoint("dwt", dwt, dwtOffset, dwtSize, "value", value, first, nonZeros);
        ENGINE.accumulateGradient(dz, dzOffset, rowStart, rowStartOffset, index, value, dwt, dwtOffset, db, dbOffset,
                rows, classes, scale);
    }

    private static void checkBias(float[] b, int bOffset, int classes) {
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
    }
}
