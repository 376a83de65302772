package org.softmaxsimd;

/**
 * Float64 cross-entropy with PyTorch's semantics (weights, label smoothing, ignore label, mean over the
 * label weights of counted rows), written from the definition, independently of the library.
 */
public final class CrossEntropyReference {
    /** Loss and gradient of a batch. */
    public static final class Result {
        public final double loss;
        public final double[] gradient;
        /** Per-row scale A of the documented bound. */
        public final double[] rowScale;
        public final double factor;

        Result(double loss, double[] gradient, double[] rowScale, double factor) {
            this.loss = loss;
            this.gradient = gradient;
            this.rowScale = rowScale;
            this.factor = factor;
        }
    }

    private CrossEntropyReference() {
    }

    static double[] logSoftmax(float[] x, int off, int k) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            m = Math.max(m, x[off + i]);
        }
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.exp(x[off + i] - m);
        }
        double lse = m + Math.log(s);
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = (x[off + i] - m) - Math.log(s);
        }
        return l;
    }

    public static Result labels(float[] x, int off, int rows, int k, int[] labels, boolean mean, double eps,
                                float[] w, int ignore) {
        double wTotal = 0;
        double wMax = 0;
        for (int c = 0; c < k; c++) {
            wTotal += w == null ? 1 : w[c];
            wMax = Math.max(wMax, w == null ? 1 : w[c]);
        }
        double counted = 0;
        for (int r = 0; r < rows; r++) {
            if (labels[r] != ignore) {
                counted += w == null ? 1 : w[labels[r]];
            }
        }
        double factor = mean ? 1 / counted : 1;
        double total = 0;
        double[] g = new double[rows * k];
        double[] scale = new double[rows];
        for (int r = 0; r < rows; r++) {
            int y = labels[r];
            if (y == ignore) {
                continue;
            }
            double[] logp = logSoftmax(x, off + r * k, k);
            double wy = w == null ? 1 : w[y];
            scale[r] = (1 - eps) * wy + eps * wMax;
            double loss = -(1 - eps) * wy * logp[y];
            for (int c = 0; c < k; c++) {
                double wc = w == null ? 1 : w[c];
                if (eps != 0) {
                    loss += -(eps / k) * wc * logp[c];
                }
                double p = Math.exp(logp[c]);
                g[r * k + c] = factor * ((1 - eps) * wy * (p - (c == y ? 1 : 0)) + (eps / k) * (wTotal * p - wc));
            }
            total += loss;
        }
        return new Result(total * factor, g, scale, factor);
    }

    public static Result targets(float[] x, int off, int rows, int k, float[] t, boolean mean) {
        double factor = mean ? 1.0 / rows : 1;
        double total = 0;
        double[] g = new double[rows * k];
        double[] scale = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] logp = logSoftmax(x, off + r * k, k);
            double tTotal = 0;
            for (int c = 0; c < k; c++) {
                tTotal += t[r * k + c];
            }
            scale[r] = tTotal;
            for (int c = 0; c < k; c++) {
                double tc = t[r * k + c];
                total += tc == 0 ? 0 : -tc * logp[c];
                g[r * k + c] = factor * (Math.exp(logp[c]) * tTotal - tc);
            }
        }
        return new Result(total * factor, g, scale, factor);
    }
}
