package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.softmaxsimd.Reduction;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Logistic;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;
import org.softmaxsimd.Tolerance;
import org.softmaxsimd.internal.vectorization.KernelSupport;

/** Sigmoid, log-sigmoid and BCE with logits on both paths against float64; and the K = 2 reduction. */
class LogisticKernelsTest {

    static List<Integer> lengths() {
        List<Integer> n = new ArrayList<>();
        for (int i = 0; i <= 4 * Engines.lanes() + 3; i++) {
            n.add(i);
        }
        n.add(1000);
        n.add(5000);
        return n;
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }

    private static double logSigmoid(double v) {
        return Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
    }

    @Test
    void sigmoidAndLogSigmoidMatchTheReference() {
        for (Inputs inputs : new Inputs[] {Inputs.NARROW, Inputs.WIDE, Inputs.NARROW_WITH_NEG_INF}) {
            for (int n : lengths()) {
                float[] x = TestRows.row(inputs, 50, 2, n);
                x[Math.min(2 + n, x.length - 1)] = Float.NaN;
                for (KernelSupport k : new KernelSupport[] {Engines.scalarKernels(), Engines.panamaKernels()}) {
                    String what = k.name() + " " + inputs + " n " + n;
                    float[] y = TestRows.output(1, n);
                    k.sigmoid(x, 2, y, 1, n);
                    TestRows.assertUntouchedOutside(what, y, 1, n);
                    for (int i = 0; i < n; i++) {
                        double exact = sigmoid(x[2 + i]);
                        Tolerance.assertClose(what + " sigmoid", i, y[1 + i], exact, 4 * 0x1p-24, Float.MIN_NORMAL);
                    }
                    k.logSigmoid(x, 2, y, 1, n);
                    for (int i = 0; i < n; i++) {
                        Tolerance.assertLogValue(what + " logSigmoid", i, y[1 + i], logSigmoid(x[2 + i]));
                    }
                }
            }
        }
    }

    @Test
    void binaryCrossEntropyMatchesTheReference() {
        for (int n : lengths()) {
            float[] x = TestRows.row(Inputs.NARROW, 51, 0, n);
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = (i % 3) / 2f;
            }
            double exact = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                exact += -(t[i] * logSigmoid(x[i]) + (1 - t[i]) * logSigmoid(-x[i]));
                scale += Math.max(1, Math.abs(x[i]));
            }
            for (KernelSupport k : new KernelSupport[] {Engines.scalarKernels(), Engines.panamaKernels()}) {
                float[] g = TestRows.output(3, n);
                float loss = k.binaryCrossEntropy(x, 0, t, 0, g, 3, n, 0.5f);
                Tolerance.assertClose(k.name() + " bce n " + n, -1, loss, exact, 0, 1e-6 * scale + 1e-7);
                TestRows.assertUntouchedOutside(k.name() + " bce", g, 3, n);
                for (int i = 0; i < n; i++) {
                    double expected = 0.5 * (sigmoid(x[i]) - t[i]);
                    Tolerance.assertClose(k.name() + " bce grad", i, g[3 + i], expected, 0, 4 * 0x1p-24);
                }
            }
        }
    }

    /** The seed's reduction: softmax regression with K = 2 and θ₂ = 0 is logistic regression. */
    @Test
    void twoClassSoftmaxWithAZeroPivotIsLogisticRegression() {
        int n = 37;
        float[] z = TestRows.row(Inputs.NARROW, 52, 0, n);
        float[] t = new float[n];
        float[] pairs = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 2;
            labels[i] = t[i] == 1f ? 0 : 1;   // class 0 carries logit z, the pivot class 1 carries 0
            pairs[2 * i] = z[i];
            pairs[2 * i + 1] = 0f;
        }
        float[] p = new float[2 * n];
        org.softmaxsimd.Softmax.softmaxRows(pairs, 0, p, 0, n, 2);
        float[] s = new float[n];
        Logistic.sigmoid(z, 0, s, 0, n);
        float[] dPairs = new float[2 * n];
        float softmaxLoss = CrossEntropy.lossAndGradientRows(pairs, 0, labels, 0, dPairs, 0, n, 2,
                CrossEntropy.Options.defaults());
        float[] g = new float[n];
        float logisticLoss = Logistic.lossAndGradient(z, 0, t, 0, g, 0, n, Reduction.MEAN);
        assertEquals(logisticLoss, softmaxLoss, 1e-6 * Math.max(1, logisticLoss));
        for (int i = 0; i < n; i++) {
            assertEquals(s[i], p[2 * i], 4e-7, "probability of row " + i);
            // dL/dz: the gradient of class 0's logit equals the logistic gradient (σ(z) − t)/n.
            assertEquals(g[i], dPairs[2 * i], 1e-7, "gradient of row " + i);
        }
    }
}
