package org.softmaxsimd.sampled;

import java.util.Objects;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
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

    /** Evaluates W (classes × features), b (or null) on rows × features inputs with their labels. */
    public static FullSoftmaxEvaluation of(float[] x, int xOffset, int rows, int features, float[] w, int wOffset,
                                           int classes, float[] b, int bOffset, int[] labels, int labelsOffset) {
        Objects.requireNonNull(labels, "labels");
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, but was " + rows);
        }
        float[] z = new float[Math.min(BLOCK, rows) * classes];
        CrossEntropy.Options sum = CrossEntropy.Options.defaults().withReduction(CrossEntropy.Reduction.SUM);
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < rows; from += BLOCK) {
            int m = Math.min(BLOCK, rows - from);
            Linear.logitsBatch(x, xOffset + from * features, m, features, w, wOffset, classes, b, bOffset, z, 0);
            loss += CrossEntropy.lossAndGradient(z, 0, m, classes, labels, labelsOffset + from, null, 0, sum);
            correct += Predictions.countCorrect(z, m, classes, labels, labelsOffset + from);
        }
        return new FullSoftmaxEvaluation(loss / rows, (double) correct / rows);
    }
}
