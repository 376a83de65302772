package org.softmaxsimd.internal;

/**
 * Linear layer + softmax cross-entropy + gradient in one streaming pass over the classes: the m×K logits
 * matrix is never materialised. For a block of example rows, sweep 1 computes the logits one class block at
 * a time into a small workspace and keeps an online log-sum-exp per row; sweep 2 recomputes each class
 * block, turns it into the scaled gradient p − onehot in place, and folds it into dW and db. Memory is one
 * rows-block × class-block tile; the price is computing the logits twice. Internal API.
 */
public final class SoftmaxLayerEngine {

    /**
     * Example rows per tile: W blocks are reused across them, and whole panels of 32 rows take the GEMM panel
     * kernel. Measured (64 × 128 × K, same-JVM A/B, JDK 17, Zen 4): 8 → 32 rows 0.63-0.65× the time at K = 1000
     * and 0.45× at 32768; 64 rows 0.66× and 0.37× (W streams from memory once per 64 rows, not per 8).
     */
    public static final int ROW_BLOCK = 64;
    /** Classes per tile. */
    public static final int CLASS_BLOCK = 512;

    private final SoftmaxEngine softmax;
    private final LinearEngine linear;

    /** Creates an engine over the kernels of {@code softmax}. */
    public SoftmaxLayerEngine(SoftmaxEngine softmax) {
        this.softmax = softmax;
        this.linear = new LinearEngine(softmax.kernels());
    }

    /** Per-thread scratch of one tile and the running statistics of its rows. */
    public static final class Workspace {
        final float[] tile = new float[ROW_BLOCK * CLASS_BLOCK];
        final double[] max = new double[ROW_BLOCK];
        final double[] sum = new double[ROW_BLOCK];
        final double[] labelLogit = new double[ROW_BLOCK];
    }

    /**
     * Mean cross-entropy of softmax(X·Wᵀ + b) against the labels; adds its gradient to dW (and db unless
     * null). Arguments trusted.
     */
    public float lossAndGradient(float[] x, int xOffset, int rows, int features, float[] w, int wOffset,
                                 int classes, float[] b, int bOffset, int[] labels, int labelsOffset, float[] dw,
                                 int dwOffset, float[] db, int dbOffset, Workspace ws) {
        double total = 0;
        float scale = 1f / rows;
        for (int from = 0; from < rows; from += ROW_BLOCK) {
            int n = Math.min(ROW_BLOCK, rows - from);
            int xs = xOffset + from * features;
            total += sweepStatistics(x, xs, n, features, w, wOffset, classes, b, bOffset, labels,
                    labelsOffset + from, ws);
            sweepGradient(x, xs, n, features, w, wOffset, classes, b, bOffset, labels, labelsOffset + from, dw,
                    dwOffset, db, dbOffset, scale, ws);
        }
        return (float) (total / rows);
    }

    private void tile(float[] x, int xs, int n, int features, float[] w, int wOffset, int from, int nc, float[] b,
                      int bOffset, Workspace ws) {
        linear.logitsBatch(x, xs, n, features, w, wOffset + from * features, nc, b, b == null ? 0 : bOffset + from,
                ws.tile, 0);
    }

    private double sweepStatistics(float[] x, int xs, int n, int features, float[] w, int wOffset, int classes,
                                   float[] b, int bOffset, int[] labels, int lo, Workspace ws) {
        for (int r = 0; r < n; r++) {
            ws.max[r] = Double.NEGATIVE_INFINITY;
            ws.sum[r] = 0;
        }
        for (int from = 0; from < classes; from += CLASS_BLOCK) {
            int nc = Math.min(CLASS_BLOCK, classes - from);
            tile(x, xs, n, features, w, wOffset, from, nc, b, bOffset, ws);
            for (int r = 0; r < n; r++) {
                int at = r * nc;
                float blockMax = softmax.max(ws.tile, at, nc);
                if (blockMax > ws.max[r]) {
                    if (ws.sum[r] != 0) {
                        ws.sum[r] *= Math.exp(ws.max[r] - blockMax);
                    }
                    ws.max[r] = blockMax;
                }
                // NaN logits make blockMax NaN; the sum then turns NaN and so do loss and gradient.
                ws.sum[r] += Float.isNaN(blockMax) ? Double.NaN : softmax.expSum(ws.tile, at, nc, (float) ws.max[r]);
                int label = labels[lo + r];
                if (label >= from && label < from + nc) {
                    ws.labelLogit[r] = ws.tile[at + label - from];
                }
            }
        }
        double loss = 0;
        for (int r = 0; r < n; r++) {
            loss += Math.log(ws.sum[r]) - (ws.labelLogit[r] - ws.max[r]);
        }
        return loss;
    }

    private void sweepGradient(float[] x, int xs, int n, int features, float[] w, int wOffset, int classes,
                               float[] b, int bOffset, int[] labels, int lo, float[] dw, int dwOffset, float[] db,
                               int dbOffset, float scale, Workspace ws) {
        for (int from = 0; from < classes; from += CLASS_BLOCK) {
            int nc = Math.min(CLASS_BLOCK, classes - from);
            tile(x, xs, n, features, w, wOffset, from, nc, b, bOffset, ws);
            for (int r = 0; r < n; r++) {
                int at = r * nc;
                softmax.kernels().expScale(ws.tile, at, ws.tile, at, nc, (float) ws.max[r], (float) (scale / ws.sum[r]));
                int label = labels[lo + r];
                if (label >= from && label < from + nc) {
                    ws.tile[at + label - from] -= scale;
                }
            }
            linear.accumulateGradient(ws.tile, 0, n, nc, x, xs, features, 1f, dw, dwOffset + from * features, db,
                    db == null ? 0 : dbOffset + from);
        }
    }
}
