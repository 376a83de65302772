package org.softmaxsimd.io;

import java.util.List;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.train.SparseDataset;

/**
 * Labelled examples in CSR form read from a text file ({@link LibsvmFile#readSparse}): the {@link SparseDataset}
 * with class indices 0..K−1, and the class names those indices stand for.
 *
 * @param data       the examples, labels in [0, classNames.size())
 * @param classNames the original label of each class, in class order (as in {@link LabelledData})
 */
public record SparseLabelledData(SparseDataset data, List<String> classNames) {

    /**
     * Checks that every label names a class and copies the names.
     *
     * @param data       the examples, labels in [0, classNames.size())
     * @param classNames the original label of each class, in class order
     */
    public SparseLabelledData {
        Checks.notNull("data", data);
        classNames = List.copyOf(Checks.notNull("classNames", classNames));
        data.checkLabels(classNames.size());
    }

    /**
     * The number of classes K.
     *
     * @return K, the number of classes
     */
    public int classes() {
        return classNames.size();
    }
}
