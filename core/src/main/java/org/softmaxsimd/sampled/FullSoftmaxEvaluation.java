package org.softmaxsimd.sampled;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.Reduction;
import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.Predictions;

/**
 * Full-softmax evaluation of a model trained with sampled softmax: the mean cross-entropy over all K classes
 * and the top-1 accuracy, computed in blocks of rows so that memory stays at one block of logits
 * (64 × K floats, allocated per call: this is an evaluation, not a training step).
 *
 * @param loss     mean −log p(y|x) over the rows, all K classes in the softmax
 * @param accuracy fraction of rows whose largest logit is the label (ties: the lowest class index)
 */
public record FullSoftmaxEvaluation(double loss, double accuracy) {

    private static final int BLOCK = 64;

    /**
     * Evaluates W (classes × features) and b (or null) on the rows × features inputs x with their labels
     * (rows ints in [0, classes)).
     *
     * @param x the examples, {@code rows × features} row-major at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param labels the class label of each row, {@code rows} ints at {@code labelsOffset}, each in [0, classes)
     * @param labelsOffset index in {@code labels} of the first row's label
     * @param rows number of examples (≥ 1)
     * @param classes number of classes K
     * @param features number of features d of each example
     * @return the mean loss and the accuracy
     * @throws IllegalArgumentException if rows &lt; 1 or a label is outside [0, classes)
     */
    public static FullSoftmaxEvaluation of(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset,
                                           int[] labels, int labelsOffset, int rows, int classes, int features) {
        Checks.atLeast("rows", rows, 1);
        Checks.labels("labels", labels, labelsOffset, rows, classes);
        float[] z = new float[Math.min(BLOCK, rows) * classes];
        CrossEntropy.Options sum = CrossEntropy.Options.defaults().withReduction(Reduction.SUM);
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < rows; from += BLOCK) {
            int m = Math.min(BLOCK, rows - from);
            Linear.logitsRows(x, xOffset + from * features, w, wOffset, b, bOffset, z, 0, m, classes, features);
            loss += CrossEntropy.lossRows(z, 0, labels, labelsOffset + from, m, classes, sum);
            correct += Predictions.countCorrect(z, m, classes, labels, labelsOffset + from);
        }
        return new FullSoftmaxEvaluation(loss / rows, (double) correct / rows);
    }
}
