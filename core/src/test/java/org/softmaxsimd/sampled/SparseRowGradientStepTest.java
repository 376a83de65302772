package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The momentum and SGD steps of {@link SparseRowGradient} against their formulas in float64, at non-zero
 * offsets: only the touched rows (and their bias entries and velocities) change, g = ∇ + λ·w, v ← μ·v + g,
 * w ← w − η·v (classical) or w − η·(g + μ·v) (Nesterov), the bias without decay; and each array is checked.
 */
class SparseRowGradientStepTest {

    private static final int CLASSES = 7;
    private static final int FEATURES = 5;
    private static final int[] TOUCHED = {4, 1, 6};

    @Test
    void momentumStepsChangeOnlyTheTouchedRowsByTheFormula() {
        for (boolean nesterov : new boolean[] {false, true}) {
            float eta = 0.25f;
            float mu = 0.6f;
            float lambda = 0.1f;
            SparseRowGradient gradient = filled();
            int wOff = 3;
            int bOff = 2;
            int vOff = 1;
            int bvOff = 4;
            float[] w = ramp(wOff + CLASSES * FEATURES + 2, 0.01f);
            float[] b = ramp(bOff + CLASSES + 1, -0.02f);
            float[] v = ramp(vOff + CLASSES * FEATURES, 0.003f);
            float[] bv = ramp(bvOff + CLASSES, 0.005f);
            float[] w0 = w.clone();
            float[] b0 = b.clone();
            float[] v0 = v.clone();
            float[] bv0 = bv.clone();
            SparseRowGradient.Momentum step = (nesterov ? SparseRowGradient.Momentum.nesterov(eta, mu)
                    : SparseRowGradient.Momentum.classical(eta, mu)).withWeightDecay(lambda);
            gradient.applyMomentum(w, wOff, b, bOff, v, vOff, bv, bvOff, step);
            for (int k = 0; k < CLASSES; k++) {
                int slot = slotOf(k);
                for (int j = 0; j < FEATURES; j++) {
                    int wi = wOff + k * FEATURES + j;
                    int vi = vOff + k * FEATURES + j;
                    if (slot < 0) {
                        assertEquals(w0[wi], w[wi], 0, "untouched row " + k);
                        assertEquals(v0[vi], v[vi], 0, "untouched velocity " + k);
                        continue;
                    }
                    double g = gradient.weight(slot, j) + (double) lambda * w0[wi];
                    double vel = mu * (double) v0[vi] + g;
                    double expected = w0[wi] - eta * (nesterov ? g + mu * vel : vel);
                    assertEquals(vel, v[vi], 1e-6, "velocity " + k + "," + j);
                    assertEquals(expected, w[wi], 1e-6, "weight " + k + "," + j + (nesterov ? " nesterov" : ""));
                }
                int bi = bOff + k;
                int bvi = bvOff + k;
                if (slot < 0) {
                    assertEquals(b0[bi], b[bi], 0);
                    assertEquals(bv0[bvi], bv[bvi], 0);
                } else {
                    double vel = mu * (double) bv0[bvi] + gradient.bias(slot);
                    double expected = b0[bi] - eta * (nesterov ? gradient.bias(slot) + mu * vel : vel);
                    assertEquals(vel, bv[bvi], 1e-6, "bias velocity " + k);
                    assertEquals(expected, b[bi], 1e-6, "bias " + k + ": not decayed");
                }
            }
            assertUntouchedOutside(w0, w, wOff, CLASSES * FEATURES);
            assertUntouchedOutside(b0, b, bOff, CLASSES);
            assertUntouchedOutside(v0, v, vOff, CLASSES * FEATURES);
            assertUntouchedOutside(bv0, bv, bvOff, CLASSES);
        }
    }

    @Test
    void withoutABiasOnlyTheWeightsMove() {
        SparseRowGradient gradient = filled();
        float[] w = ramp(CLASSES * FEATURES, 0.01f);
        float[] v = new float[CLASSES * FEATURES];
        float[] w0 = w.clone();
        gradient.applyMomentum(w, 0, null, 0, v, 0, null, 0, SparseRowGradient.Momentum.classical(1f, 0f));
        for (int i = 0; i < TOUCHED.length; i++) {
            int k = TOUCHED[i];
            for (int j = 0; j < FEATURES; j++) {
                assertEquals(w0[k * FEATURES + j] - gradient.weight(slotOf(k), j), w[k * FEATURES + j], 1e-6);
            }
        }
    }

    @Test
    void plainSgdStepsOnlyTheTouchedRows() {
        SparseRowGradient gradient = filled();
        float[] w = ramp(2 + CLASSES * FEATURES, 0.01f);
        float[] b = ramp(1 + CLASSES, 0.02f);
        float[] w0 = w.clone();
        float[] b0 = b.clone();
        gradient.applySgd(w, 2, b, 1, 0.5f);
        for (int k = 0; k < CLASSES; k++) {
            int slot = slotOf(k);
            for (int j = 0; j < FEATURES; j++) {
                int at = 2 + k * FEATURES + j;
                double expected = slot < 0 ? w0[at] : w0[at] - 0.5 * gradient.weight(slot, j);
                assertEquals(expected, w[at], 1e-6);
            }
            double bias = slot < 0 ? b0[1 + k] : b0[1 + k] - 0.5 * gradient.bias(slot);
            assertEquals(bias, b[1 + k], 1e-6);
        }
    }

    @Test
    void everyArrayIsChecked() {
        SparseRowGradient gradient = filled();
        int size = CLASSES * FEATURES;
        SparseRowGradient.Momentum step = SparseRowGradient.Momentum.classical(0.1f, 0.9f);
        float[] w = new float[size];
        float[] b = new float[CLASSES];
        float[] v = new float[size];
        float[] bv = new float[CLASSES];
        assertThrows(IndexOutOfBoundsException.class,
                () -> gradient.applyMomentum(new float[size - 1], 0, b, 0, v, 0, bv, 0, step), "w");
        assertThrows(IndexOutOfBoundsException.class,
                () -> gradient.applyMomentum(w, 0, new float[CLASSES - 1], 0, v, 0, bv, 0, step), "b");
        assertThrows(IndexOutOfBoundsException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, new float[size - 1], 0, bv, 0, step), "velocity");
        assertThrows(IndexOutOfBoundsException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, v, 0, new float[CLASSES - 1], 0, step), "biasVelocity");
        float[] shared = new float[size + CLASSES];
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(shared, 0, shared, size - 1, v, 0, bv, 0, step), "b inside w");
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, w, 0, bv, 0, step), "velocity is w");
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, v, 0, b, 0, step), "biasVelocity is b");
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, v, 0, v, 3, step), "biasVelocity inside velocity");
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(w, 0, b, 0, v, 0, w, 2, step), "biasVelocity inside w");
        float[] vb = new float[size + CLASSES];
        assertThrows(IllegalArgumentException.class,
                () -> gradient.applyMomentum(w, 0, vb, size - 2, vb, 0, bv, 0, step), "velocity overlaps b");
        assertThrows(NullPointerException.class, () -> gradient.applyMomentum(w, 0, b, 0, v, 0, bv, 0, null));
        assertTrue(Arrays.equals(new float[size], w), "nothing was written");
    }

    /** Rows 4, 1, 6 touched in that order, with gradient values ±(1 + k + j/10) and bias k/2. */
    private static SparseRowGradient filled() {
        SparseRowGradient g = new SparseRowGradient(CLASSES, FEATURES);
        g.clear();
        for (int k : TOUCHED) {
            int at = g.rowOffset(k);
            for (int j = 0; j < FEATURES; j++) {
                g.rowsArray()[at + j] = (float) ((j % 2 == 0 ? 1 : -1) * (1 + k + j / 10.0));
            }
            g.addBias(k, k / 2f);
        }
        assertEquals(TOUCHED.length, g.rowCount());
        return g;
    }

    private static int slotOf(int k) {
        for (int i = 0; i < TOUCHED.length; i++) {
            if (TOUCHED[i] == k) {
                return i;
            }
        }
        return -1;
    }

    private static float[] ramp(int n, float step) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.5f + step * i;
        }
        return a;
    }

    private static void assertUntouchedOutside(float[] before, float[] after, int offset, int length) {
        for (int i = 0; i < before.length; i++) {
            if (i < offset || i >= offset + length) {
                assertEquals(before[i], after[i], 0, "index " + i + " outside the slice was written");
            }
        }
    }
}
