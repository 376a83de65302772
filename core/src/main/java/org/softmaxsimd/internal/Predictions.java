package org.softmaxsimd.internal;

/**
 * The predicted class of logit rows: the index of the largest logit, the lowest index among ties (a NaN
 * logit never wins over an earlier value). Shared by the model's predictions and the full-softmax evaluation of
 * sampled training.
 */
public final class Predictions {

    private Predictions() {
    }

    /** The index (from 0) of the largest of {@code z[offset, offset + length)}; length ≥ 1. */
    public static int argmax(float[] z, int offset, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (z[offset + k] > z[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * How many of {@code rows} logit rows ({@code classes} wide, row-major from index 0 of z) have their
     * largest logit at the label {@code labels[labelsOffset + row]}.
     */
    public static int countCorrect(float[] z, int rows, int classes, int[] labels, int labelsOffset) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(z, r * classes, classes) == labels[labelsOffset + r]) {
                correct++;
            }
        }
        return correct;
    }
}
