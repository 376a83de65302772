package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Every public method of the four facades (Softmax, Linear, Logistic, CrossEntropy), through the same table:
 * each array argument one element too short is refused with the IndexOutOfBoundsException of the argument
 * checks, naming it, before
 * anything is written; the whole-array forms give bitwise the offset forms; the row forms give bitwise the
 * single-row calls; and the values agree with float64 formulas written here.
 */
class FacadeContractTest {

    private static final int ROWS = 3;
    // Wider than the rows the SIMD path takes several at a time (which may round differently from one-row calls).
    private static final int COLS = Math.max(2 * Softmax.lanes() + 3, 35);
    private static final int N = ROWS * COLS;
    private static final int CLASSES = 6;
    private static final int FEATURES = Softmax.lanes() + 5;
    private static final int[] LABELS = {2, 0, 5};

    /** One call: the names and valid lengths of its float arrays, and how to call it with them. */
    private record Call(String method, String[] names, int[] lengths, Function<float[][], Object> invoke) {
    }

    private static List<Call> calls() {
        List<Call> c = new ArrayList<>();
        int k = CLASSES;
        int d = FEATURES;
        c.add(new Call("max", names("x"), lengths(N), a -> Softmax.max(a[0], 0, N)));
        c.add(new Call("logSumExp", names("x"), lengths(N), a -> Softmax.logSumExp(a[0], 0, N)));
        c.add(new Call("softmax", names("x", "y"), lengths(N, N), a -> Softmax.softmax(a[0], 0, a[1], 0, N)));
        c.add(new Call("logSoftmax", names("x", "y"), lengths(N, N), a -> Softmax.logSoftmax(a[0], 0, a[1], 0, N)));
        c.add(new Call("softmaxBackward", names("y", "dy", "dx"), lengths(N, N, N), a -> {
            Softmax.softmaxBackward(a[0], 0, a[1], 0, a[2], 0, N);
            return null;
        }));
        c.add(new Call("logSoftmaxBackward", names("y", "dy", "dx"), lengths(N, N, N), a -> {
            Softmax.logSoftmaxBackward(a[0], 0, a[1], 0, a[2], 0, N);
            return null;
        }));
        c.add(new Call("logSumExpRows", names("x", "out"), lengths(N, ROWS), a -> {
            Softmax.logSumExpRows(a[0], 0, a[1], 0, ROWS, COLS);
            return null;
        }));
        c.add(new Call("softmaxRows", names("x", "y"), lengths(N, N), a -> {
            Softmax.softmaxRows(a[0], 0, a[1], 0, ROWS, COLS);
            return null;
        }));
        c.add(new Call("logSoftmaxRows", names("x", "y"), lengths(N, N), a -> {
            Softmax.logSoftmaxRows(a[0], 0, a[1], 0, ROWS, COLS);
            return null;
        }));
        c.add(new Call("softmaxBackwardRows", names("y", "dy", "dx"), lengths(N, N, N), a -> {
            Softmax.softmaxBackwardRows(a[0], 0, a[1], 0, a[2], 0, ROWS, COLS);
            return null;
        }));
        c.add(new Call("logSoftmaxBackwardRows", names("y", "dy", "dx"), lengths(N, N, N), a -> {
            Softmax.logSoftmaxBackwardRows(a[0], 0, a[1], 0, a[2], 0, ROWS, COLS);
            return null;
        }));
        c.add(new Call("Linear.logits", names("x", "w", "b", "z"), lengths(d, k * d, k, k), a -> {
            Linear.logits(a[0], 0, a[1], 0, a[2], 0, a[3], 0, k, d);
            return null;
        }));
        c.add(new Call("Linear.logitsRows", names("x", "w", "b", "z"), lengths(ROWS * d, k * d, k, ROWS * k), a -> {
            Linear.logitsRows(a[0], 0, a[1], 0, a[2], 0, a[3], 0, ROWS, k, d);
            return null;
        }));
        c.add(new Call("Linear.accumulateGradient", names("dz", "x", "dw", "db"),
                lengths(ROWS * k, ROWS * d, k * d, k), a -> {
                    Linear.accumulateGradient(a[0], 0, a[1], 0, a[2], 0, a[3], 0, ROWS, k, d, 0.5f);
                    return null;
                }));
        c.add(new Call("Linear.addWeightDecay", names("w", "dw"), lengths(k * d, k * d), a -> {
            Linear.addWeightDecay(a[0], 0, a[1], 0, k, d, 0.25f);
            return null;
        }));
        c.add(new Call("Linear.inputGradient", names("dz", "w", "dx"), lengths(ROWS * k, k * d, ROWS * d), a -> {
            Linear.inputGradient(a[0], 0, a[1], 0, a[2], 0, ROWS, k, d);
            return null;
        }));
        c.add(new Call("Logistic.sigmoid", names("x", "y"), lengths(N, N), a -> {
            Logistic.sigmoid(a[0], 0, a[1], 0, N);
            return null;
        }));
        c.add(new Call("Logistic.logSigmoid", names("x", "y"), lengths(N, N), a -> {
            Logistic.logSigmoid(a[0], 0, a[1], 0, N);
            return null;
        }));
        c.add(new Call("Logistic.lossAndGradient", names("logits", "targets", "dlogits"), lengths(N, N, N),
                a -> Logistic.lossAndGradient(a[0], 0, a[1], 0, a[2], 0, N, Reduction.MEAN)));
        c.add(new Call("Logistic.loss", names("logits", "targets"), lengths(N, N),
                a -> Logistic.loss(a[0], 0, a[1], 0, N, Reduction.SUM)));
        c.add(new Call("CrossEntropy.lossAndGradient", names("logits", "dlogits"), lengths(k, k),
                a -> CrossEntropy.lossAndGradient(a[0], 0, 3, a[1], 0, k)));
        c.add(new Call("CrossEntropy.loss", names("logits"), lengths(k), a -> CrossEntropy.loss(a[0], 0, 3, k)));
        c.add(new Call("CrossEntropy.lossAndGradientRows(labels)", names("logits", "dlogits"),
                lengths(ROWS * k, ROWS * k), a -> CrossEntropy.lossAndGradientRows(a[0], 0, LABELS, 0, a[1], 0, ROWS, k,
                        CrossEntropy.Options.defaults())));
        c.add(new Call("CrossEntropy.lossRows(labels)", names("logits"), lengths(ROWS * k),
                a -> CrossEntropy.lossRows(a[0], 0, LABELS, 0, ROWS, k, CrossEntropy.Options.defaults())));
        c.add(new Call("CrossEntropy.lossAndGradientRows(targets)", names("logits", "targets", "dlogits"),
                lengths(ROWS * k, ROWS * k, ROWS * k), a -> CrossEntropy.lossAndGradientRows(a[0], 0, a[1], 0, a[2], 0,
                        ROWS, k, Reduction.SUM)));
        c.add(new Call("CrossEntropy.lossRows(targets)", names("logits", "targets"), lengths(ROWS * k, ROWS * k),
                a -> CrossEntropy.lossRows(a[0], 0, a[1], 0, ROWS, k, Reduction.MEAN)));
        SoftmaxLayer.Workspace workspace = new SoftmaxLayer.Workspace();
        c.add(new Call("SoftmaxLayer.lossAndGradient", names("x", "w", "b", "dw", "db"),
                lengths(ROWS * d, k * d, k, k * d, k), a -> SoftmaxLayer.lossAndGradient(a[0], 0, a[1], 0, a[2], 0,
                        LABELS, 0, a[3], 0, a[4], 0, ROWS, k, d, workspace)));
        return c;
    }

    @Test
    void theFusedLayerEqualsLogitsThenCrossEntropyThenGradient() {
        SplittableRandom random = new SplittableRandom(6);
        float[] x = values(random, ROWS * FEATURES);
        float[] w = values(random, CLASSES * FEATURES);
        float[] b = values(random, CLASSES);
        float[] dw = new float[CLASSES * FEATURES];
        float[] db = new float[CLASSES];
        float loss = SoftmaxLayer.lossAndGradient(x, 0, w, 0, b, 0, LABELS, 0, dw, 0, db, 0, ROWS, CLASSES, FEATURES,
                new SoftmaxLayer.Workspace());
        float[] z = new float[ROWS * CLASSES];
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, ROWS, CLASSES, FEATURES);
        float expected = CrossEntropy.lossAndGradientRows(z, 0, LABELS, 0, z, 0, ROWS, CLASSES,
                CrossEntropy.Options.defaults());
        float[] dwExpected = new float[CLASSES * FEATURES];
        float[] dbExpected = new float[CLASSES];
        Linear.accumulateGradient(z, 0, x, 0, dwExpected, 0, dbExpected, 0, ROWS, CLASSES, FEATURES, 1f);
        assertEquals(expected, loss, 1e-6 * expected, "the mean loss");
        assertArrayEquals(dwExpected, dw, 1e-6f);
        assertArrayEquals(dbExpected, db, 1e-6f);
    }

    @Test
    void everyArrayOneElementShortIsRefusedByNameBeforeAnythingIsWritten() {
        int checked = 0;
        for (Call call : calls()) {
            for (int bad = 0; bad < call.names.length; bad++) {
                float[][] arrays = valid(call, new SplittableRandom(bad));
                arrays[bad] = Arrays.copyOf(arrays[bad], arrays[bad].length - 1);
                float[][] before = deepCopy(arrays);
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                        () -> call.invoke.apply(arrays), call.method + " with " + call.names[bad] + " short");
                String name = call.names[bad];
                // The check's own exception, not an ArrayIndexOutOfBoundsException from inside a kernel.
                assertEquals(IndexOutOfBoundsException.class, e.getClass(), call.method + ": " + e);
                assertTrue(e.getMessage().startsWith(name + ": "), call.method + ": the message names " + name + ": "
                        + e.getMessage());
                for (int i = 0; i < arrays.length; i++) {
                    assertArrayEquals(before[i], arrays[i], call.method + ": " + call.names[i] + " was written");
                }
                checked++;
            }
        }
        assertTrue(checked >= 60, "array arguments checked: " + checked);
    }

    @Test
    void wholeArrayFormsEqualTheOffsetForms() {
        SplittableRandom random = new SplittableRandom(2);
        float[] x = values(random, N);
        float[] shifted = shifted(x, 5);
        assertEquals(Softmax.max(x, 0, N), Softmax.max(shifted, 5, N));
        assertEquals(Softmax.max(x, 0, N), Softmax.max(x));
        assertEquals(bits(Softmax.logSumExp(shifted, 5, N)), bits(Softmax.logSumExp(x)));
        float[] y1 = new float[N];
        float[] y2 = new float[N + 7];
        assertEquals(bits(Softmax.softmax(shifted, 5, y2, 7, N)), bits(Softmax.softmax(x, y1)));
        assertArrayEquals(y1, Arrays.copyOfRange(y2, 7, N + 7));
        assertEquals(bits(Softmax.logSoftmax(shifted, 5, y2, 7, N)), bits(Softmax.logSoftmax(x, y1)));
        assertArrayEquals(y1, Arrays.copyOfRange(y2, 7, N + 7));
        float[] dy = values(random, N);
        float[] p = new float[N];
        Softmax.softmax(x, p);
        float[] dx1 = new float[N];
        float[] dx2 = new float[N + 2];
        Softmax.softmaxBackward(p, dy, dx1);
        Softmax.softmaxBackward(shifted(p, 1), 1, shifted(dy, 3), 3, dx2, 2, N);
        assertArrayEquals(dx1, Arrays.copyOfRange(dx2, 2, N + 2));
        float[] logp = new float[N];
        Softmax.logSoftmax(x, logp);
        Softmax.logSoftmaxBackward(logp, dy, dx1);
        Softmax.logSoftmaxBackward(shifted(logp, 1), 1, shifted(dy, 3), 3, dx2, 2, N);
        assertArrayEquals(dx1, Arrays.copyOfRange(dx2, 2, N + 2));
        Logistic.sigmoid(x, y1);
        Logistic.sigmoid(shifted, 5, y2, 7, N);
        assertArrayEquals(y1, Arrays.copyOfRange(y2, 7, N + 7));
        Logistic.logSigmoid(x, y1);
        Logistic.logSigmoid(shifted, 5, y2, 7, N);
        assertArrayEquals(y1, Arrays.copyOfRange(y2, 7, N + 7));
        float[] t = targets(random, N);
        assertEquals(bits(Logistic.lossAndGradient(x, t, y1, Reduction.SUM)),
                bits(Logistic.lossAndGradient(shifted, 5, shifted(t, 1), 1, y2, 7, N, Reduction.SUM)));
        assertArrayEquals(y1, Arrays.copyOfRange(y2, 7, N + 7));
        assertEquals(bits(Logistic.loss(x, 0, t, 0, N, Reduction.SUM)), bits(Logistic.lossAndGradient(x, t, y1,
                Reduction.SUM)));
        float[] logits = values(random, CLASSES);
        float[] g1 = new float[CLASSES];
        float[] g2 = new float[CLASSES + 4];
        assertEquals(bits(CrossEntropy.lossAndGradient(logits, 4, g1)),
                bits(CrossEntropy.lossAndGradient(shifted(logits, 2), 2, 4, g2, 4, CLASSES)));
        assertArrayEquals(g1, Arrays.copyOfRange(g2, 4, CLASSES + 4));
        assertEquals(bits(CrossEntropy.loss(logits, 0, 4, CLASSES)), bits(CrossEntropy.lossAndGradient(logits, 4, g1)));
        float[] w = values(random, CLASSES * FEATURES);
        float[] b = values(random, CLASSES);
        float[] in = values(random, FEATURES);
        float[] z1 = new float[CLASSES];
        float[] z2 = new float[CLASSES + 3];
        Linear.logits(in, w, b, z1);
        Linear.logits(shifted(in, 1), 1, shifted(w, 2), 2, shifted(b, 4), 4, z2, 3, CLASSES, FEATURES);
        assertArrayEquals(z1, Arrays.copyOfRange(z2, 3, CLASSES + 3));
    }

    @Test
    void rowFormsEqualTheSingleRowCalls() {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = values(random, N);
        float[] dy = values(random, N);
        float[] rows = new float[N];
        float[] single = new float[N];
        float[] lse = new float[ROWS];
        Softmax.logSumExpRows(x, 0, lse, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            assertEquals(bits(Softmax.logSumExp(x, r * COLS, COLS)), bits(lse[r]));
        }
        Softmax.softmaxRows(x, 0, rows, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            Softmax.softmax(x, r * COLS, single, r * COLS, COLS);
        }
        assertArrayEquals(single, rows);
        float[] p = rows.clone();
        Softmax.softmaxBackwardRows(p, 0, dy, 0, rows, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            Softmax.softmaxBackward(p, r * COLS, dy, r * COLS, single, r * COLS, COLS);
        }
        assertArrayEquals(single, rows);
        Softmax.logSoftmaxRows(x, 0, rows, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            Softmax.logSoftmax(x, r * COLS, single, r * COLS, COLS);
        }
        assertArrayEquals(single, rows);
        float[] logp = rows.clone();
        Softmax.logSoftmaxBackwardRows(logp, 0, dy, 0, rows, 0, ROWS, COLS);
        for (int r = 0; r < ROWS; r++) {
            Softmax.logSoftmaxBackward(logp, r * COLS, dy, r * COLS, single, r * COLS, COLS);
        }
        assertArrayEquals(single, rows);
    }

    @Test
    void valuesAgreeWithFloat64Formulas() {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = values(random, COLS);
        float[] dy = values(random, COLS);
        float[] p = new float[COLS];
        float lse = Softmax.softmax(x, p);
        double[] exact = new double[COLS];
        double sum = 0;
        for (int i = 0; i < COLS; i++) {
            sum += Math.exp(x[i]);
        }
        assertEquals(Math.log(sum), lse, 1e-6 * Math.max(1, Math.abs(lse)), "softmax returns the log-sum-exp");
        assertEquals(lse, Softmax.logSoftmax(x, new float[COLS]), 1e-6 * Math.max(1, Math.abs(lse)));
        double dot = 0;
        for (int i = 0; i < COLS; i++) {
            dot += (double) p[i] * dy[i];
        }
        float[] dx = new float[COLS];
        Softmax.softmaxBackward(p, dy, dx);
        for (int i = 0; i < COLS; i++) {
            exact[i] = p[i] * (dy[i] - dot);
            assertEquals(exact[i], dx[i], 1e-5, "softmaxBackward " + i);
        }
        float[] logp = new float[COLS];
        Softmax.logSoftmax(x, logp);
        double dySum = 0;
        for (float v : dy) {
            dySum += v;
        }
        Softmax.logSoftmaxBackward(logp, dy, dx);
        for (int i = 0; i < COLS; i++) {
            assertEquals(dy[i] - Math.exp(logp[i]) * dySum, dx[i], 1e-5, "logSoftmaxBackward " + i);
        }
        float[] s = new float[COLS];
        Logistic.logSigmoid(x, s);
        for (int i = 0; i < COLS; i++) {
            assertEquals(-Math.log1p(Math.exp(-x[i])), s[i], 1e-6, "logSigmoid " + i);
        }
        float[] t = targets(random, COLS);
        double bce = 0;
        for (int i = 0; i < COLS; i++) {
            bce += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        }
        assertEquals(bce / COLS, Logistic.loss(x, 0, t, 0, COLS, Reduction.MEAN), 1e-6 * bce);
        assertEquals(bce, Logistic.loss(x, 0, t, 0, COLS, Reduction.SUM), 1e-6 * bce);
        assertEquals(bce / COLS, Logistic.lossAndGradient(x, t, new float[COLS], Reduction.MEAN), 1e-6 * bce);
        float[] logits = values(random, CLASSES * ROWS);
        double nll = 0;
        for (int r = 0; r < ROWS; r++) {
            double rowSum = 0;
            for (int k = 0; k < CLASSES; k++) {
                rowSum += Math.exp(logits[r * CLASSES + k]);
            }
            nll += Math.log(rowSum) - logits[r * CLASSES + LABELS[r]];
        }
        CrossEntropy.Options summed = CrossEntropy.Options.defaults().withReduction(Reduction.SUM);
        assertEquals(nll, CrossEntropy.lossRows(logits, 0, LABELS, 0, ROWS, CLASSES, summed), 1e-6 * nll);
        assertEquals(nll, CrossEntropy.lossAndGradientRows(logits, 0, LABELS, 0, new float[ROWS * CLASSES], 0, ROWS,
                CLASSES, summed), 1e-6 * nll);
        float[] oneHot = new float[ROWS * CLASSES];
        for (int r = 0; r < ROWS; r++) {
            oneHot[r * CLASSES + LABELS[r]] = 1f;
        }
        assertEquals(nll / ROWS, CrossEntropy.lossRows(logits, 0, oneHot, 0, ROWS, CLASSES, Reduction.MEAN),
                1e-6 * nll);
        assertEquals(nll, CrossEntropy.lossAndGradientRows(logits, 0, oneHot, 0, new float[ROWS * CLASSES], 0, ROWS,
                CLASSES, Reduction.SUM), 1e-6 * nll);
        float[] dz = values(random, ROWS * CLASSES);
        float[] w = values(random, CLASSES * FEATURES);
        float[] dxRows = new float[ROWS * FEATURES];
        Linear.inputGradient(dz, 0, w, 0, dxRows, 0, ROWS, CLASSES, FEATURES);
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < FEATURES; j++) {
                double e = 0;
                for (int k = 0; k < CLASSES; k++) {
                    e += (double) dz[r * CLASSES + k] * w[k * FEATURES + j];
                }
                assertEquals(e, dxRows[r * FEATURES + j], 1e-5, "inputGradient " + r + "," + j);
            }
        }
    }

    private static float[][] valid(Call call, SplittableRandom random) {
        float[][] arrays = new float[call.names.length][];
        for (int i = 0; i < arrays.length; i++) {
            String name = call.names[i];
            arrays[i] = name.equals("targets") ? targets(random, call.lengths[i])
                    : name.equals("y") && call.method.contains("ackward") ? probabilities(random, call.lengths[i])
                    : values(random, call.lengths[i]);
        }
        return arrays;
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-3, 3);
        }
        return v;
    }

    private static float[] targets(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }

    private static float[] probabilities(SplittableRandom random, int n) {
        float[] v = targets(random, n);
        for (int i = 0; i < n; i++) {
            v[i] /= n;
        }
        return v;
    }

    private static float[] shifted(float[] a, int by) {
        float[] s = new float[a.length + by + 2];
        System.arraycopy(a, 0, s, by, a.length);
        return s;
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static int bits(float v) {
        return Float.floatToRawIntBits(v);
    }

    private static String[] names(String... names) {
        return names;
    }

    private static int[] lengths(int... lengths) {
        return lengths;
    }
}
