package org.softmaxsimd.sampled;

import java.util.Objects;

import org.softmaxsimd.internal.SoftmaxEngine;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Sampled softmax loss (Jean et al. 2015; TensorFlow's {@code sampled_softmax_loss}): for each example x_i
 * with {@code numTrue} true classes, the logits of the true classes and of S sampled classes,
 * z_c = W_c·x_i + b_c − log Q(c) (Q the expected count of c in the draw; the log-Q correction), form a row of
 * numTrue + S columns whose softmax cross-entropy against targets 1/numTrue on the true columns (0 on the
 * sampled ones) is the example's loss; sampled columns equal to one of the example's true classes
 * ("accidental hits") are masked to −∞ when asked. The batch loss is the mean over examples; its gradient is
 * accumulated into a {@link SparseRowGradient} that touches only the gathered rows: a step costs
 * O(rows·(numTrue + S)·d), independent of K.
 *
 * <p>Shapes: x is rows × d at xOffset, W is K × d at wOffset, b has K entries (or null), labels are
 * rows × numTrue. The candidates are shared by the whole batch; for negatives per example, call once per
 * example (rows = 1) with a fresh draw. Arguments are checked before anything is written. Not thread-safe
 * (it owns its scratch): one instance per thread.
 */
public final class SampledSoftmax {

    private static final KernelSupport KERNELS = VectorizationProvider.kernels();
    private static final SoftmaxEngine SOFTMAX = new SoftmaxEngine(KERNELS);

    private final int classes;
    private final int features;
    private float[] row = new float[0];
    private int[] drawnIds = new int[0];
    private float[] drawnLogQ = new float[0];
    private float[] trueLogQ = new float[0];

    /** A loss over {@code classes} classes of {@code features}-dimensional inputs. */
    public SampledSoftmax(int classes, int features) {
        if (classes < 1 || features < 1) {
            throw new IllegalArgumentException("classes and features must be >= 1, but were " + classes + " and "
                    + features);
        }
        this.classes = classes;
        this.features = features;
    }

    /**
     * Mean sampled-softmax loss with candidates drawn by {@code sampler} into {@code drawn}; the log-Q
     * correction uses {@link CandidateSampler#expectedCount} for the true and the sampled classes when
     * {@code logQCorrection}.
     */
    public float lossAndGradient(float[] x, int xOffset, int rows, float[] w, int wOffset, float[] b, int bOffset,
                                 int[] labels, int labelsOffset, int numTrue, CandidateSampler sampler,
                                 Candidates drawn, boolean logQCorrection, boolean removeAccidentalHits,
                                 SparseRowGradient gradient) {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(drawn, "drawn");
        if (sampler.range() != classes) {
            throw new IllegalArgumentException("sampler.range() (" + sampler.range() + ") must equal classes ("
                    + classes + ")");
        }
        checkLabels(labels, labelsOffset, rows, numTrue);
        int sampled = drawn.size();
        if (drawnIds.length < sampled) {
            drawnIds = new int[sampled];
            drawnLogQ = new float[sampled];
        }
        if (trueLogQ.length < rows * numTrue) {
            trueLogQ = new float[rows * numTrue];
        }
        drawn.copyTo(drawnIds, 0);
        if (logQCorrection) {
            for (int j = 0; j < sampled; j++) {
                drawnLogQ[j] = (float) Math.log(sampler.expectedCount(drawnIds[j], drawn));
            }
            for (int t = 0; t < rows * numTrue; t++) {
                trueLogQ[t] = (float) Math.log(sampler.expectedCount(labels[labelsOffset + t], drawn));
            }
        }
        return lossAndGradient(x, xOffset, rows, w, wOffset, b, bOffset, labels, labelsOffset, numTrue, drawnIds, 0,
                sampled, logQCorrection ? drawnLogQ : null, trueLogQ, removeAccidentalHits, gradient);
    }

    /**
     * Mean sampled-softmax loss with explicit candidates {@code candidates[cOffset, cOffset + sampled)} and
     * their log expected counts (null: no log-Q correction; then labelLogQ is ignored), labelLogQ the log
     * expected counts of the labels (rows × numTrue). With every class as a candidate, zero log-Q and
     * accidental hits removed, this is exactly the full softmax cross-entropy.
     */
    public float lossAndGradient(float[] x, int xOffset, int rows, float[] w, int wOffset, float[] b, int bOffset,
                                 int[] labels, int labelsOffset, int numTrue, int[] candidates, int cOffset,
                                 int sampled, float[] candidateLogQ, float[] labelLogQ, boolean removeAccidentalHits,
                                 SparseRowGradient gradient) {
        check(x, xOffset, rows, w, wOffset, b, bOffset, labels, labelsOffset, numTrue, candidates, cOffset, sampled,
                candidateLogQ, labelLogQ, gradient);
        int width = numTrue + sampled;
        if (row.length < width) {
            row = new float[width];
        }
        float scale = 1f / rows;
        double total = 0;
        float[] rowsOut = gradient.rowsArray();
        for (int i = 0; i < rows; i++) {
            int xi = xOffset + i * features;
            int li = labelsOffset + i * numTrue;
            for (int j = 0; j < width; j++) {
                int c = j < numTrue ? labels[li + j] : candidates[cOffset + j - numTrue];
                float z = KERNELS.dot(w, wOffset + c * features, x, xi, features) + (b == null ? 0f : b[bOffset + c]);
                if (candidateLogQ != null) {
                    z -= j < numTrue ? labelLogQ[i * numTrue + j] : candidateLogQ[j - numTrue];
                }
                if (j >= numTrue && removeAccidentalHits && isTrue(labels, li, numTrue, c)) {
                    z = Float.NEGATIVE_INFINITY;
                }
                row[j] = z;
            }
            SOFTMAX.logSoftmax(row, 0, row, 0, width);
            double loss = 0;
            for (int j = 0; j < numTrue; j++) {
                loss -= row[j];
            }
            total += loss / numTrue;
            // dz_j = p_j − t_j, scaled by 1/rows; folded into the gathered rows of dW and db.
            for (int j = 0; j < width; j++) {
                float p = row[j] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(row[j]);
                float dz = (p - (j < numTrue ? 1f / numTrue : 0f)) * scale;
                if (dz == 0f) {
                    continue;
                }
                int c = j < numTrue ? labels[li + j] : candidates[cOffset + j - numTrue];
                int at = gradient.rowOffset(c);
                rowsOut = gradient.rowsArray();
                KERNELS.axpy(dz, x, xi, rowsOut, at, features);
                gradient.addBias(c, dz);
            }
        }
        return (float) (total / rows);
    }

    private static boolean isTrue(int[] labels, int from, int numTrue, int c) {
        for (int t = 0; t < numTrue; t++) {
            if (labels[from + t] == c) {
                return true;
            }
        }
        return false;
    }

    private void checkLabels(int[] labels, int labelsOffset, int rows, int numTrue) {
        Objects.requireNonNull(labels, "labels");
        if (numTrue < 1) {
            throw new IllegalArgumentException("numTrue must be >= 1, but was " + numTrue);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, but was " + rows);
        }
        long n = (long) rows * numTrue;
        if (labelsOffset < 0 || labelsOffset > labels.length - n) {
            throw new IndexOutOfBoundsException("labels: offset " + labelsOffset + " + rows·numTrue " + n
                    + " is outside [0, " + labels.length + "]");
        }
        for (int t = 0; t < n; t++) {
            int c = labels[labelsOffset + t];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("labels[" + t + "] = " + c + " is outside [0, " + classes + ")");
            }
        }
    }

    private void check(float[] x, int xOffset, int rows, float[] w, int wOffset, float[] b, int bOffset, int[] labels,
                       int labelsOffset, int numTrue, int[] candidates, int cOffset, int sampled,
                       float[] candidateLogQ, float[] labelLogQ, SparseRowGradient gradient) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(gradient, "gradient");
        checkLabels(labels, labelsOffset, rows, numTrue);
        if (gradient.classes() != classes || gradient.features() != features) {
            throw new IllegalArgumentException("gradient is " + gradient.classes() + "×" + gradient.features()
                    + " but the model is " + classes + "×" + features);
        }
        if (xOffset < 0 || xOffset > x.length - (long) rows * features) {
            throw new IndexOutOfBoundsException("x: offset " + xOffset + " + " + rows + "×" + features
                    + " is outside [0, " + x.length + "]");
        }
        if (wOffset < 0 || wOffset > w.length - (long) classes * features) {
            throw new IndexOutOfBoundsException("w: offset " + wOffset + " + " + classes + "×" + features
                    + " is outside [0, " + w.length + "]");
        }
        if (b != null && (bOffset < 0 || bOffset > b.length - classes)) {
            throw new IndexOutOfBoundsException("b: offset " + bOffset + " + " + classes + " is outside [0, "
                    + b.length + "]");
        }
        if (sampled < 0 || cOffset < 0 || cOffset > candidates.length - sampled) {
            throw new IndexOutOfBoundsException("candidates: offset " + cOffset + " + sampled " + sampled
                    + " is outside [0, " + candidates.length + "]");
        }
        for (int j = 0; j < sampled; j++) {
            int c = candidates[cOffset + j];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("candidates[" + j + "] = " + c + " is outside [0, " + classes + ")");
            }
        }
        if (candidateLogQ != null) {
            if (candidateLogQ.length < sampled) {
                throw new IllegalArgumentException("candidateLogQ.length (" + candidateLogQ.length + ") must be >= "
                        + sampled);
            }
            Objects.requireNonNull(labelLogQ, "labelLogQ (needed with candidateLogQ)");
            if (labelLogQ.length < rows * numTrue) {
                throw new IllegalArgumentException("labelLogQ.length (" + labelLogQ.length + ") must be >= rows·numTrue ("
                        + rows * numTrue + ")");
            }
        }
    }
}
