package org.softmaxsimd;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.SoftmaxLayerEngine;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The fused training step of a softmax layer: logits X·Wᵀ + b, log-sum-exp, mean cross-entropy, and the
 * gradient accumulated into dW and db, streaming over blocks of classes so that the m×K logits are never
 * materialised (memory: one 64 × 512 tile in a reusable {@link Workspace}, whatever K). It computes the
 * logits twice, so for small K the unfused sequence {@link Linear#logitsRows} → {@link CrossEntropy} →
 * {@link Linear#accumulateGradient} is faster; for large K it saves the m×K buffer and its memory traffic
 * (README.md has the measured comparison).
 *
 * <p>Shapes as in {@link Linear}: X is rows × features, W classes × features, b and db classes (null for no
 * bias), labels rows ints in [0, classes). dW and db are accumulated (+=) with the gradient of the mean loss.
 * Checks happen before anything is written; outputs must not overlap inputs. Accuracy: the logits as in
 * {@link Linear}, then as {@link CrossEntropy}. Non-finite logits give a NaN loss and gradient. A workspace
 * must not be shared by concurrent calls.
 */
public final class SoftmaxLayer {

    private static final SoftmaxLayerEngine ENGINE =
            new SoftmaxLayerEngine(new SoftmaxEngine(VectorizationProvider.kernels()));

    private SoftmaxLayer() {
    }

    /** Reusable scratch for {@link #lossAndGradient}; one per thread. */
    public static final class Workspace {
        /** An empty workspace; it holds one 64 × 512 float tile (128 KB). */
        public Workspace() {
        }

        final SoftmaxLayerEngine.Workspace inner = new SoftmaxLayerEngine.Workspace();
    }

    /**
     * Returns the mean cross-entropy of the batch and adds its gradient to dW (and to db unless db is null).
     * X is rows × features, W classes × features, b (or null) and db classes long, labels rows ints in
     * [0, classes). dW and db must not overlap each other or any input.
     *
     * @param x the examples X, {@code rows × features} row-major at {@code xOffset}
     * @param xOffset index in {@code x} of the first element used
     * @param w the weights W, {@code classes × features} row-major at {@code wOffset}
     * @param wOffset index in {@code w} of W[0][0]
     * @param b the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset index in {@code b} of the first bias entry (ignored when b is null)
     * @param labels the class label of each row, {@code rows} ints at {@code labelsOffset}, each in [0, classes)
     * @param labelsOffset index in {@code labels} of the first row's label
     * @param dw the weight gradient dW, {@code classes × features} row-major at {@code dwOffset}, accumulated into (+=)
     * @param dwOffset index in {@code dw} of dW[0][0]
     * @param db the bias gradient, {@code classes} floats at {@code dbOffset} accumulated into (+=), or null for none
     * @param dbOffset index in {@code db} of its first entry (ignored when db is null)
     * @param rows number of examples m in the batch (≥ 1)
     * @param classes number of classes K (≥ 1)
     * @param features number of features d (≥ 0)
     * @param workspace scratch for this call, not shared with a concurrent call
     * @return the mean cross-entropy of the batch
     * @throws IllegalArgumentException if rows or classes &lt; 1, features &lt; 0, a label is outside
     *                                  [0, classes), or an output overlaps another argument
     */
    public static float lossAndGradient(float[] x, int xOffset, float[] w, int wOffset, float[] b, int bOffset,
                                        int[] labels, int labelsOffset, float[] dw, int dwOffset, float[] db,
                                        int dbOffset, int rows, int classes, int features, Workspace workspace) {
        Checks.notNull("workspace", workspace);
        Checks.atLeast("rows", rows, 1);
        Checks.atLeast("classes", classes, 1);
        int xSize = Checks.size("rows", rows, "features", features);
        int wSize = Checks.size("classes", classes, "features", features);
        Checks.slice("x", x, xOffset, xSize);
        Checks.slice("w", w, wOffset, wSize);
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
        Checks.labels("labels", labels, labelsOffset, rows, classes);
        Checks.slice("dw", dw, dwOffset, wSize);
        Checks.disjoint("dw", dw, dwOffset, wSize, "x", x, xOffset, xSize);
        Checks.disjoint("dw", dw, dwOffset, wSize, "w", w, wOffset, wSize);
        Checks.disjoint("dw", dw, dwOffset, wSize, "b", b, bOffset, classes);
        if (db != null) {
            Checks.slice("db", db, dbOffset, classes);
            Checks.disjoint("db", db, dbOffset, classes, "x", x, xOffset, xSize);
            Checks.disjoint("db", db, dbOffset, classes, "w", w, wOffset, wSize);
            Checks.disjoint("db", db, dbOffset, classes, "b", b, bOffset, classes);
            Checks.disjoint("db", db, dbOffset, classes, "dw", dw, dwOffset, wSize);
        }
        return ENGINE.lossAndGradient(x, xOffset, rows, features, w, wOffset, classes, b, bOffset, labels,
                labelsOffset, dw, dwOffset, db, dbOffset, workspace.inner);
    }
}
