package org.softmaxsimd.train;

import java.util.Objects;

/**
 * Labelled examples for softmax regression: {@code rows × features} row-major float features and one class
 * label per row. The arrays are held, not copied: do not change them while a trainer uses the dataset.
 *
 * @param x        features, {@code rows × features} row-major
 * @param labels   class of each row, {@code labels.length == rows}, each ≥ 0
 * @param features the feature dimension d (≥ 1)
 */
public record Dataset(float[] x, int[] labels, int features) {

    /**
     * Checks the shapes.
     *
     * @param x features, {@code rows × features} row-major
     * @param labels class of each row, {@code labels.length == rows}, each ≥ 0
     * @param features the feature dimension d (≥ 1)
     * @throws IllegalArgumentException if {@code features < 1}, if {@code x.length != labels.length·features},
     *                                  or if a label is negative (the message names the row and the value)
     */
    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(labels, "labels");
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, but was " + features);
        }
        if ((long) labels.length * features != x.length) {
            throw new IllegalArgumentException("x.length (" + x.length + ") must equal labels.length ("
                    + labels.length + ") * features (" + features + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is negative");
            }
        }
    }

    /**
     * The number of examples m.
     *
     * @return the number of examples m
     */
    public int rows() {
        return labels.length;
    }

    /**
     * One more than the largest label (0 for an empty dataset).
     *
     * @return the largest label + 1 (0 for no rows)
     */
    public int classCount() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }

    /**
     * Checks that every label is below {@code classes}.
     *
     * @param classes the number of classes K
     * @throws IllegalArgumentException naming the first row whose label is out of range
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
