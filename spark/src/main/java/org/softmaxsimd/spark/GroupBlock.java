package org.softmaxsimd.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.softmaxsimd.train.ObjectiveGroups;

/**
 * The rows of one objective group ({@link ObjectiveGroups}), packed once per fit: {@code rows × features}
 * row-major float32 features and int labels, in the order of the rows' global index.
 */
final class GroupBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int group;
    final int rows;
    final float[] x;
    final int[] labels;
    /** The rows' weights, or null when the fit has no weight column. */
    final float[] weights;

    private GroupBlock(int group, int rows, float[] x, int[] labels, float[] weights) {
        this.group = group;
        this.rows = rows;
        this.x = x;
        this.labels = labels;
        this.weights = weights;
    }

    /** One validated training row with its global index. */
    static final class IndexedRow implements Serializable {
        private static final long serialVersionUID = 1L;
        final long index;
        final float[] features;
        final int label;
        final float weight;

        IndexedRow(long index, float[] features, int label, float weight) {
            this.index = index;
            this.features = features;
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
        float[] x = new float[rows.size() * features];
        int[] labels = new int[rows.size()];
        float[] weights = weighted ? new float[rows.size()] : null;
        for (int i = 0; i < rows.size(); i++) {
            IndexedRow row = rows.get(i);
            if (row.index != first + i) {
                throw new IllegalStateException("group " + group + ": row " + row.index + " where " + (first + i)
                        + " was expected");
            }
            System.arraycopy(row.features, 0, x, i * features, features);
            labels[i] = row.label;
            if (weighted) {
                weights[i] = row.weight;
            }
        }
        return new GroupBlock(group, rows.size(), x, labels, weights);
    }
}
