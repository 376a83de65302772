package org.softmaxsimd.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.softmaxsimd.train.ObjectiveGroups;

/**
 * The rows of one objective group ({@link ObjectiveGroups}), packed once per fit, in the order of the rows'
 * global index: {@code rows × features} row-major float32 features, or (for sparse input) the rows in CSR form
 * without a dense matrix; int labels, and the weights if any.
 */
final class GroupBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int group;
    final int rows;
    /** Dense features, or null for a sparse block. */
    final float[] x;
    /** CSR features of a sparse block (null for a dense one): row starts, feature indices, values. */
    final int[] rowStart;
    final int[] index;
    final float[] value;
    final int[] labels;
    /** The rows' weights, or null when the fit has no weight column. */
    final float[] weights;

    private GroupBlock(int group, int rows, float[] x, int[] rowStart, int[] index, float[] value, int[] labels,
                       float[] weights) {
        this.group = group;
        this.rows = rows;
        this.x = x;
        this.rowStart = rowStart;
        this.index = index;
        this.value = value;
        this.labels = labels;
        this.weights = weights;
    }

    boolean sparse() {
        return x == null;
    }

    /** One validated training row with its global index. */
    static final class IndexedRow implements Serializable {
        private static final long serialVersionUID = 1L;
        final long index;
        /** Dense features, or the values of the sparse row's non-zeros. */
        final float[] features;
        /** The sparse row's feature indices (ascending), or null for a dense row. */
        final int[] indices;
        final int label;
        final float weight;

        IndexedRow(long index, float[] features, int[] indices, int label, float weight) {
            this.index = index;
            this.features = features;
            this.indices = indices;
            this.label = label;
            this.weight = weight;
        }
    }

    /**
     * Packs the rows of group {@code group} of {@code totalRows}, in any order, sorted by their index; fails
     * unless they are exactly the group's rows.
     */
    static GroupBlock of(int group, Iterable<IndexedRow> members, int features, long totalRows, boolean weighted) {
        List<IndexedRow> rows = new ArrayList<>();
        members.forEach(rows::add);
        rows.sort(Comparator.comparingLong(r -> r.index));
        long first = ObjectiveGroups.firstRow(group, totalRows);
        long end = ObjectiveGroups.firstRow(group + 1, totalRows);
        if (rows.size() != end - first) {
            throw new IllegalStateException("group " + group + " holds " + rows.size() + " rows, expected "
                    + (end - first));
        }
        boolean sparse = !rows.isEmpty() && rows.get(0).indices != null;
        int nonZeros = 0;
        if (sparse) {
            for (IndexedRow row : rows) {
                nonZeros += row.indices.length;
            }
        }
        float[] x = sparse ? null : new float[rows.size() * features];
        int[] rowStart = sparse ? new int[rows.size() + 1] : null;
        int[] index = sparse ? new int[nonZeros] : null;
        float[] value = sparse ? new float[nonZeros] : null;
        int[] labels = new int[rows.size()];
        float[] weights = weighted ? new float[rows.size()] : null;
        int at = 0;
        for (int i = 0; i < rows.size(); i++) {
            IndexedRow row = rows.get(i);
            if (row.index != first + i) {
                throw new IllegalStateException("group " + group + ": row " + row.index + " where " + (first + i)
                        + " was expected");
            }
            if (sparse) {
                rowStart[i] = at;
                System.arraycopy(row.indices, 0, index, at, row.indices.length);
                System.arraycopy(row.features, 0, value, at, row.indices.length);
                at += row.indices.length;
            } else {
                System.arraycopy(row.features, 0, x, i * features, features);
            }
            labels[i] = row.label;
            if (weighted) {
                weights[i] = row.weight;
            }
        }
        if (sparse) {
            rowStart[rows.size()] = at;
        }
        return new GroupBlock(group, rows.size(), x, rowStart, index, value, labels, weights);
    }
}
