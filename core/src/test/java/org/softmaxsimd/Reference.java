package org.softmaxsimd;

/**
 * Float64 reference implementations, written independently of the library: plain loops in double, exp
 * from {@link Math#exp(double)}, sums in double with Neumaier compensation so long rows stay exact.
 */
public final class Reference {
    private Reference() {
    }

    /** Max in double; NaN if any NaN; −∞ for length 0. */
    public static double max(float[] x, int off, int len) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            float v = x[off + i];
            if (Float.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    /** Σ exp(x − m) in double, compensated. */
    static double sumExp(float[] x, int off, int len, double m) {
        double s = 0;
        double c = 0;
        for (int i = 0; i < len; i++) {
            double v = Math.exp(x[off + i] - m);
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    /** Compensated Σ v[i]. */
    public static double sum(double[] v) {
        double s = 0;
        double c = 0;
        for (double e : v) {
            double t = s + e;
            c += Math.abs(s) >= Math.abs(e) ? (s - t) + e : (e - t) + s;
            s = t;
        }
        return s + c;
    }

    /** log-sum-exp of a row without NaN or +∞ (those cases are tested separately); −∞ if all −∞. */
    public static double logSumExp(float[] x, int off, int len) {
        double m = max(x, off, len);
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log(sumExp(x, off, len, m));
    }

    /** softmax of a row with a finite max. */
    public static double[] softmax(float[] x, int off, int len) {
        double m = max(x, off, len);
        double s = sumExp(x, off, len, m);
        double[] p = new double[len];
        for (int i = 0; i < len; i++) {
            p[i] = Math.exp(x[off + i] - m) / s;
        }
        return p;
    }

    /** log-softmax of a row with a finite max. */
    public static double[] logSoftmax(float[] x, int off, int len) {
        double m = max(x, off, len);
        double l = Math.log(sumExp(x, off, len, m));
        double[] y = new double[len];
        for (int i = 0; i < len; i++) {
            y[i] = ((double) x[off + i] - m) - l;
        }
        return y;
    }

    /** dx = y ⊙ (dy − Σ y·dy) in double. */
    public static double[] softmaxBackward(float[] y, float[] dy, int len) {
        double[] prod = new double[len];
        for (int i = 0; i < len; i++) {
            prod[i] = (double) y[i] * dy[i];
        }
        double c = sum(prod);
        double[] dx = new double[len];
        for (int i = 0; i < len; i++) {
            dx[i] = y[i] * (dy[i] - c);
        }
        return dx;
    }

    /** dx = dy − exp(y)·Σ dy in double. */
    public static double[] logSoftmaxBackward(float[] y, float[] dy, int len) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) {
            d[i] = dy[i];
        }
        double c = sum(d);
        double[] dx = new double[len];
        for (int i = 0; i < len; i++) {
            dx[i] = dy[i] - Math.exp(y[i]) * c;
        }
        return dx;
    }
}
