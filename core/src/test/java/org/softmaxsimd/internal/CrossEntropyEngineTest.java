package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.softmaxsimd.CrossEntropyReference;
import org.softmaxsimd.TestRows;
import org.softmaxsimd.TestRows.Inputs;
import org.softmaxsimd.Tolerance;

/** Fused cross-entropy + gradient on every engine against the float64 PyTorch-semantics reference. */
class CrossEntropyEngineTest {

    private static final int NONE = Integer.MIN_VALUE;

    static List<CrossEntropyEngine> engines() {
        List<CrossEntropyEngine> list = new ArrayList<>();
        for (Engines.Named e : Engines.all()) {
            list.add(new CrossEntropyEngine(e.engine));
        }
        return list;
    }

    static List<Integer> classCounts() {
        List<Integer> k = new ArrayList<>();
        for (int n = 1; n <= 4 * Engines.lanes() + 3; n++) {
            k.add(n);
        }
        k.add(1000);
        k.add(65536);
        return k;
    }

    static void assertMatches(String what, float loss, float[] d, int dOff, CrossEntropyReference.Result ref) {
        double rowScales = 0;
        for (double a : ref.rowScale) {
            rowScales += a;
        }
        double lossBound = 1e-6 * (ref.factor * rowScales + Math.abs(ref.loss));
        Tolerance.assertClose(what + " loss", -1, loss, ref.loss, 0, lossBound);
        if (d == null) {
            return;
        }
        int k = ref.gradient.length / ref.rowScale.length;
        for (int i = 0; i < ref.gradient.length; i++) {
            double abs = 0x1p-22 * ref.factor * ref.rowScale[i / k] + Tolerance.FLUSH_ABS;
            Tolerance.assertClose(what + " dlogits", i, d[dOff + i], ref.gradient[i], 5e-7, abs);
        }
    }

    @ParameterizedTest
    @EnumSource(Inputs.class)
    void singleRowMatchesTheReference(Inputs inputs) {
        for (int k : classCounts()) {
            for (int label : new int[] {0, k / 2, k - 1}) {
                float[] x = TestRows.row(inputs, 21, 3, k);
                if (inputs == Inputs.NARROW_WITH_NEG_INF && k > 1) {
                    x[3 + label] = 1f; // keep the label finite; the +∞-loss case is tested below
                }
                float[] row = new float[k];
                System.arraycopy(x, 3, row, 0, k);
                CrossEntropyReference.Result ref = CrossEntropyReference.labels(row, 0, 1, k, new int[] {label}, false, 0,
                        null, NONE);
                for (CrossEntropyEngine e : engines()) {
                    String what = inputs + " K " + k + " label " + label;
                    float[] d = TestRows.output(1, k);
                    float loss = e.lossAndGradient(x, 3, k, label, d, 1);
                    assertMatches(what, loss, d, 1, ref);
                    TestRows.assertUntouchedOutside(what, d, 1, k);
                    assertMatches(what + " loss only", e.lossAndGradient(x, 3, k, label, null, 0), null, 0, ref);
                    float[] inPlace = x.clone();
                    float lossInPlace = e.lossAndGradient(inPlace, 3, k, label, inPlace, 3);
                    assertMatches(what + " in place", lossInPlace, inPlace, 3, ref);
                }
            }
        }
    }

    @Test
    void optionsMatchTheReference() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int k : new int[] {1, 3, 17, 4 * Engines.lanes() + 3, 1000}) {
            for (int rows : new int[] {1, 2, 7}) {
                // HIGH inputs (in [90, 100]) catch sums like Σ w·x − W·max that cancel in float.
                float[] x = TestRows.row(rows == 2 ? Inputs.HIGH : Inputs.NARROW, 22 + k, 0, rows * k);
                float[] w = new float[k];
                for (int c = 0; c < k; c++) {
                    w[c] = (float) rng.nextDouble(0.1, 3);
                }
                int[] labels = new int[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = r == 1 ? -100 : rng.nextInt(k);
                }
                for (boolean mean : new boolean[] {true, false}) {
                    for (float eps : new float[] {0f, 0.1f, 1f}) {
                        for (float[] weights : new float[][] {null, w}) {
                            for (int ignore : new int[] {-100, NONE}) {
                                if (ignore == NONE && rows > 1) {
                                    continue; // labels[1] = -100 must be ignored
                                }
                                CrossEntropyReference.Result ref = CrossEntropyReference.labels(x, 0, rows, k, labels,
                                        mean, eps, weights, ignore);
                                for (CrossEntropyEngine e : engines()) {
                                    String what = "K " + k + " rows " + rows + " mean " + mean + " eps " + eps
                                            + " weights " + (weights != null) + " ignore " + ignore;
                                    float[] d = TestRows.output(2, rows * k);
                                    float loss = e.lossAndGradient(x, 0, rows, k, labels, 0, d, 2, mean, eps, weights,
                                            ignore);
                                    assertMatches(what, loss, d, 2, ref);
                                    TestRows.assertUntouchedOutside(what, d, 2, rows * k);
                                    float lossOnly = e.lossAndGradient(x, 0, rows, k, labels, 0, null, 0, mean, eps,
                                            weights, ignore);
                                    assertMatches(what + " loss only", lossOnly, null, 0, ref);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void probabilityTargetsMatchTheReference() {
        SplittableRandom rng = new SplittableRandom(6);
        for (int k : new int[] {1, 5, 4 * Engines.lanes() + 3, 1000}) {
            int rows = 3;
            float[] x = TestRows.row(Inputs.HIGH, 30 + k, 0, rows * k);
            float[] t = new float[rows * k];
            for (int r = 0; r < rows; r++) {
                double total = 0;
                for (int c = 0; c < k; c++) {
                    t[r * k + c] = (float) rng.nextDouble();
                    total += t[r * k + c];
                }
                for (int c = 0; c < k; c++) {
                    t[r * k + c] /= (float) total;
                }
            }
            for (boolean mean : new boolean[] {true, false}) {
                CrossEntropyReference.Result ref = CrossEntropyReference.targets(x, 0, rows, k, t, mean);
                for (CrossEntropyEngine e : engines()) {
                    float[] d = new float[rows * k];
                    assertMatches("targets K " + k + " mean " + mean, e.lossAndGradient(x, 0, rows, k, t, 0, d, 0, mean),
                            d, 0, ref);
                }
            }
        }
    }

    @Test
    void hardLabelsEqualOneHotTargets() {
        int k = 37;
        int rows = 4;
        float[] x = TestRows.row(Inputs.NARROW, 40, 0, rows * k);
        int[] labels = {0, 36, 5, 5};
        float[] t = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            t[r * k + labels[r]] = 1f;
        }
        for (CrossEntropyEngine e : engines()) {
            float[] a = new float[rows * k];
            float[] b = new float[rows * k];
            float la = e.lossAndGradient(x, 0, rows, k, labels, 0, a, 0, true, 0f, null, NONE);
            float lb = e.lossAndGradient(x, 0, rows, k, t, 0, b, 0, true);
            assertEquals(la, lb, 1e-6 * Math.max(1, Math.abs(la)));
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-6 * Math.abs(a[i]) + 1e-7, "gradient " + i);
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheReferenceLoss() {
        int k = 9;
        int rows = 3;
        float[] x = TestRows.row(Inputs.NARROW, 41, 0, rows * k);
        int[] labels = {2, -1, 8};
        float[] w = {1f, 2f, 0.5f, 1f, 1f, 3f, 1f, 0.25f, 1f};
        double h = 1e-3;
        for (CrossEntropyEngine e : engines()) {
            float[] d = new float[rows * k];
            e.lossAndGradient(x, 0, rows, k, labels, 0, d, 0, true, 0.2f, w, -1);
            for (int i = 0; i < rows * k; i++) {
                double plus = lossAt(x, i, h, labels, w);
                double minus = lossAt(x, i, -h, labels, w);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, d[i], 1e-5, "d/dx" + i);
            }
        }
    }

    private static double lossAt(float[] x, int i, double h, int[] labels, float[] w) {
        // The float input cannot move by exactly h: rescale the change by the step it really took (first order).
        float[] shifted = x.clone();
        shifted[i] = (float) (x[i] + h);
        double actualStep = shifted[i] - (double) x[i];
        CrossEntropyReference.Result moved = CrossEntropyReference.labels(shifted, 0, 3, 9, labels, true, 0.2, w, -1);
        CrossEntropyReference.Result base = CrossEntropyReference.labels(x, 0, 3, 9, labels, true, 0.2, w, -1);
        return base.loss + (moved.loss - base.loss) * (h / actualStep);
    }

    @Test
    void specialRows() {
        float inf = Float.POSITIVE_INFINITY;
        for (CrossEntropyEngine e : engines()) {
            float[] d = new float[4];
            // label on a masked (−∞) class: infinite loss, gradient p − onehot.
            float loss = e.lossAndGradient(new float[] {0f, Float.NEGATIVE_INFINITY, 0f, 0f}, 0, 4, 1, d, 0);
            assertEquals(inf, loss);
            assertEquals(-1f, d[1]);
            assertEquals(1f / 3, d[0], 1e-7);
            // NaN in the row
            loss = e.lossAndGradient(new float[] {0f, Float.NaN, 0f, 0f}, 0, 4, 0, d, 0);
            assertTrue(Float.isNaN(loss));
            for (float v : d) {
                assertTrue(Float.isNaN(v));
            }
            // +∞ logits share the mass: label on one of two +∞ has loss log 2.
            loss = e.lossAndGradient(new float[] {inf, 3f, inf, 0f}, 0, 4, 2, d, 0);
            assertEquals((float) Math.log(2), loss, 1e-7);
            assertEquals(0.5f, d[0]);
            assertEquals(-0.5f, d[2]);
            assertEquals(0f, d[1]);
            // huge finite logits
            loss = e.lossAndGradient(new float[] {1e30f, -1e30f, 1e30f - 1e24f}, 0, 3, 0, d, 0);
            assertEquals(0f, loss, 1e-7);
            // a confident, correct prediction keeps a tiny loss instead of rounding it to 0
            loss = e.lossAndGradient(new float[] {30f, 0f, 0f}, 0, 3, 0, d, 0);
            double exact = Math.log1p(2 * Math.exp(-30));
            assertEquals(exact, loss, 1e-6 * exact);
            assertEquals(-exact, d[0], 1e-6 * exact);
        }
    }

    @Test
    void log1pIsWithinFourUlpsOfTheLibraryOne() {
        double[] zs = {0, Double.MIN_VALUE, 1e-300, 1e-20, 1e-16, 2.3e-16, 1e-12, 1e-8, 3e-5, 0.001, 0.1, 0.5,
            0.999999, 1};
        for (double z : zs) {
            double expected = Math.log1p(z);
            assertTrue(Math.abs(org.softmaxsimd.internal.vectorization.CrossEntropyRows.log1p(z) - expected) <= 4 * Math.ulp(expected),
                    "log1p(" + z + ") = " + expected + " but was " + org.softmaxsimd.internal.vectorization.CrossEntropyRows.log1p(z));
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            double z = Math.pow(10, -random.nextDouble() * 30);
            double expected = Math.log1p(z);
            assertTrue(Math.abs(org.softmaxsimd.internal.vectorization.CrossEntropyRows.log1p(z) - expected) <= 4 * Math.ulp(expected), "log1p(" + z + ")");
        }
    }
}
