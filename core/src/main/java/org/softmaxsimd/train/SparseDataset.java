package org.softmaxsimd.train;

import java.util.Objects;

/**
 * Labelled examples with sparse features in CSR form (compressed sparse rows): row i's non-zeros are
 * {@code index[k], value[k]} for k in {@code [rowStart[i], rowStart[i + 1])}, with indices in [0, features) and
 * strictly increasing within a row. The arrays are used as given (not copied): do not change them while a
 * dataset uses them.
 *
 * <p>Validated once, in the constructor: {@code rowStart} has rows + 1 entries, starts at 0, never decreases and
 * ends at {@code index.length == value.length}; every index is in range and increasing within its row; every
 * value is finite; every label ≥ 0. Each violation is an IllegalArgumentException naming the array, the row and
 * the position.
 *
 * @param rowStart where each row's non-zeros start, {@code rows + 1} entries (the last is the non-zero count)
 * @param index    the feature index of each non-zero
 * @param value    the value of each non-zero
 * @param labels   the class of each row (≥ 0)
 * @param features the feature count d (≥ 1)
 */
public record SparseDataset(int[] rowStart, int[] index, float[] value, int[] labels, int features) {

    /**
     * Checks the CSR structure (see the class comment).
     *
     * @param rowStart where each row's non-zeros start, {@code rows + 1} entries
     * @param index    the feature index of each non-zero
     * @param value    the value of each non-zero
     * @param labels   the class of each row (≥ 0)
     * @param features the feature count d (≥ 1)
     */
    public SparseDataset {
        Objects.requireNonNull(rowStart, "rowStart");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(labels, "labels");
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, but was " + features);
        }
        if (rowStart.length != labels.length + 1) {
            throw new IllegalArgumentException("rowStart.length (" + rowStart.length + ") must be labels.length + 1 ("
                    + (labels.length + 1) + ")");
        }
        if (index.length != value.length) {
            throw new IllegalArgumentException("index.length (" + index.length + ") must equal value.length ("
                    + value.length + ")");
        }
        if (rowStart[0] != 0 || rowStart[labels.length] != index.length) {
            throw new IllegalArgumentException("rowStart must start at 0 and end at the non-zero count " + index.length
                    + ", but runs from " + rowStart[0] + " to " + rowStart[labels.length]);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is negative");
            }
            int from = rowStart[i];
            int to = rowStart[i + 1];
            if (to < from) {
                throw new IllegalArgumentException("rowStart[" + (i + 1) + "] = " + to + " is below rowStart[" + i
                        + "] = " + from);
            }
            for (int k = from; k < to; k++) {
                if (index[k] < 0 || index[k] >= features) {
                    throw new IllegalArgumentException("row " + i + ": index[" + k + "] = " + index[k]
                            + " is outside [0, " + features + ")");
                }
                if (k > from && index[k] <= index[k - 1]) {
                    throw new IllegalArgumentException("row " + i + ": index[" + k + "] = " + index[k]
                            + " does not increase (index[" + (k - 1) + "] = " + index[k - 1] + ")");
                }
                if (!Float.isFinite(value[k])) {
                    throw new IllegalArgumentException("row " + i + ": value[" + k + "] = " + value[k]
                            + " is not finite");
                }
            }
        }
    }

    /**
     * The non-zeros of a dense dataset (entries equal to 0 are left out).
     *
     * @param dense the dense examples
     * @return the same examples in CSR form, with the same labels array
     */
    public static SparseDataset of(Dataset dense) {
        int d = dense.features();
        float[] x = dense.x();
        int rows = dense.rows();
        int[] rowStart = new int[rows + 1];
        int nonZeros = 0;
        for (float v : x) {
            if (v != 0f) {
                nonZeros++;
            }
        }
        int[] index = new int[nonZeros];
        float[] value = new float[nonZeros];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                float v = x[i * d + j];
                if (v != 0f) {
                    index[k] = j;
                    value[k] = v;
                    k++;
                }
            }
            rowStart[i + 1] = k;
        }
        return new SparseDataset(rowStart, index, value, dense.labels(), d);
    }

    /**
     * The examples as a dense row-major matrix.
     *
     * @return a dense dataset of {@code rows × features} floats (the same labels array)
     * @throws IllegalArgumentException if rows × features exceeds the largest array
     */
    public Dataset toDense() {
        long size = (long) rows() * features;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows() + " rows × " + features + " features do not fit in one array");
        }
        float[] x = new float[(int) size];
        for (int i = 0; i < rows(); i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                x[i * features + index[k]] = value[k];
            }
        }
        return new Dataset(x, labels, features);
    }

    /**
     * The number of examples m.
     *
     * @return the number of rows
     */
    public int rows() {
        return labels.length;
    }

    /**
     * The number of stored non-zeros.
     *
     * @return {@code index.length}
     */
    public int nonZeros() {
        return index.length;
    }

    /**
     * Checks that every label is below {@code classes}.
     *
     * @param classes the class count K
     * @throws IllegalArgumentException naming the first label outside [0, K)
     */
    public void checkLabels(int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is outside [0, " + classes
                        + ")");
            }
        }
    }
}
