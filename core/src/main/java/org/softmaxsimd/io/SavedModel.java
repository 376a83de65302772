package org.softmaxsimd.io;

import java.util.List;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * A model with the names of its classes, as a model file holds them ({@link ModelFile}, version 2): class k
 * predicts the label {@code classNames.get(k)} of the data it was trained on.
 *
 * @param model      the model
 * @param classNames one name per class, in class order
 */
public record SavedModel(SoftmaxRegression model, List<String> classNames) {

    /**
     * Checks that there is one name per class and copies them.
     *
     * @param model      the model
     * @param classNames one name per class, in class order
     */
    public SavedModel {
        Checks.notNull("model", model);
        classNames = List.copyOf(Checks.notNull("classNames", classNames));
        if (classNames.size() != model.classes()) {
            throw new IllegalArgumentException("classNames.size() (" + classNames.size() + ") must equal classes ("
                    + model.classes() + ")");
        }
    }

    /**
     * The names "0", "1", …, "K−1": what a model file of version 1, or a model trained on class indices, has.
     *
     * @param classes K ≥ 1
     * @return the K index names
     */
    public static List<String> indexNames(int classes) {
        String[] names = new String[Checks.atLeast("classes", classes, 1)];
        for (int k = 0; k < classes; k++) {
            names[k] = Integer.toString(k);
        }
        return List.of(names);
    }
}
