package org.softmaxsimd.io;

import java.util.List;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.train.Dataset;

/**
 * Labelled examples read from a text file: the dense {@link Dataset} with class indices 0..K−1, and the class
 * names of the file that those indices stand for ({@code classNames.get(k)} is the label text of class k).
 *
 * @param data       the examples, labels in [0, classNames.size())
 * @param classNames the original label of each class, in class order (integers in numeric order when every
 *                   label of the training file is an integer, else in lexicographic order)
 */
public record LabelledData(Dataset data, List<String> classNames) {

    /**
     * Checks that every label names a class and copies the names.
     *
     * @param data       the examples, labels in [0, classNames.size())
     * @param classNames the original label of each class, in class order
     */
    public LabelledData {
        Checks.notNull("data", data);
        classNames = List.copyOf(Checks.notNull("classNames", classNames));
        if (data.classCount() > classNames.size()) {
            throw new IllegalArgumentException("a label is " + (data.classCount() - 1) + " but there are only "
                    + classNames.size() + " class names");
        }
    }

    /** @return K, the number of classes */
    public int classes() {
        return classNames.size();
    }
}
