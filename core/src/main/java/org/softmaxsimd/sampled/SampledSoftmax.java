package org.softmaxsimd.sampled;

import java.util.Objects;

import org.softmaxsimd.Linear;
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
 * accumulated into a {@link SparseRowGradient} that touches only the gathered rows. The rows of W of the
 * batch's true classes and of the S candidates are gathered into one block, so the logits and the gradient are
 * two SIMD GEMMs: a step costs O(rows·(rows·numTrue + S)·d), independent of K.
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
    private float[] gathered = new float[0];
    private float[] gatheredGradient = new float[0];
    private float[] gatheredBias = new float[0];
    private float[] gatheredBiasGradient = new float[0];
    private float[] logits = new float[0];
    private float[] dlogits = new float[0];

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
        // The batch's true columns (one per example and true label, example-major) and the shared sampled
        // columns are gathered into one block G, so the logits and dW of all examples are two GEMMs on the SIMD
        // kernels instead of (rows·width) separate dot products and axpys.
        int trueColumns = rows * numTrue;
        int columns = trueColumns + sampled;
        ensureScratch(width, rows, columns);
        for (int col = 0; col < columns; col++) {
            int c = col < trueColumns ? labels[labelsOffset + col] : candidates[cOffset + col - trueColumns];
            System.arraycopy(w, wOffset + c * features, gathered, col * features, features);
            gatheredBias[col] = b == null ? 0f : b[bOffset + c];
        }
        Linear.logitsBatch(x, xOffset, rows, features, gathered, 0, columns, gatheredBias, 0, logits, 0);
        java.util.Arrays.fill(dlogits, 0, rows * columns, 0f);
        float scale = 1f / rows;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int li = labelsOffset + i * numTrue;
            int zi = i * columns;
            for (int j = 0; j < width; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                float z = logits[zi + col];
                if (candidateLogQ != null) {
                    z -= j < numTrue ? labelLogQ[i * numTrue + j] : candidateLogQ[j - numTrue];
                }
                if (j >= numTrue && removeAccidentalHits
                        && isTrue(labels, li, numTrue, candidates[cOffset + j - numTrue])) {
                    z = Float.NEGATIVE_INFINITY;
                }
                row[j] = z;
            }
            // −log p_true = lse − z_true; the probabilities come from the SIMD softmax (one exp per column).
            double trueLogits = 0;
            for (int j = 0; j < numTrue; j++) {
                trueLogits += row[j];
            }
            float lse = SOFTMAX.softmax(row, 0, row, 0, width);
            total += lse - trueLogits / numTrue;
            // dz_j = p_j − t_j, scaled by 1/rows, at the example's own columns of the gathered block.
            for (int j = 0; j < width; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                dlogits[zi + col] = (row[j] - (j < numTrue ? 1f / numTrue : 0f)) * scale;
            }
        }
        java.util.Arrays.fill(gatheredGradient, 0, columns * features, 0f);
        java.util.Arrays.fill(gatheredBiasGradient, 0, columns, 0f);
        Linear.accumulateGradient(dlogits, 0, rows, columns, x, xOffset, features, 1f, gatheredGradient, 0,
                gatheredBiasGradient, 0);
        for (int col = 0; col < columns; col++) {
            int c = col < trueColumns ? labels[labelsOffset + col] : candidates[cOffset + col - trueColumns];
            int at = gradient.rowOffset(c);
            KERNELS.axpy(1f, gatheredGradient, col * features, gradient.rowsArray(), at, features);
            gradient.addBias(c, gatheredBiasGradient[col]);
        }
        return (float) (total / rows);
    }

    private void ensureScratch(int width, int rows, int columns) {
        if ((long) columns * Math.max(features, rows) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows·numTrue + sampled = " + columns + " columns of " + features
                    + " features (or " + rows + " rows) exceed one array");
        }
        if (row.length < width) {
            row = new float[width];
        }
        if (gathered.length < columns * features) {
            gathered = new float[columns * features];
            gatheredGradient = new float[columns * features];
        }
        if (gatheredBias.length < columns) {
            gatheredBias = new float[columns];
            gatheredBiasGradient = new float[columns];
        }
        if (logits.length < rows * columns) {
            logits = new float[rows * columns];
            dlogits = new float[rows * columns];
        }
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
