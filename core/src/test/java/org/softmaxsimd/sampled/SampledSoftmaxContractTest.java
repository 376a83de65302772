package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The argument checks of both {@link SampledSoftmax#lossAndGradient} forms, one array at a time, and that
 * a call's result does not depend on what earlier calls on the same object left in its scratch: a reused
 * instance gives bitwise what a fresh one gives.
 */
class SampledSoftmaxContractTest {

    private static final int CLASSES = 20;
    private static final int FEATURES = 7;
    private static final int ROWS = 3;

    @Test
    void eachArrayIsCheckedByNameInBothForms() {
        SampledSoftmax loss = new SampledSoftmax(CLASSES, FEATURES);
        float[] x = new float[ROWS * FEATURES];
        float[] w = new float[CLASSES * FEATURES];
        float[] b = new float[CLASSES];
        int[] labels = {1, 2, 3};
        CandidateSet set = CandidateSet.withoutCorrection(new int[] {5, 6, 7});
        CandidateSampler sampler = CandidateSampler.uniform(CLASSES);
        Candidates drawn = new Candidates();
        sampler.sampleUnique(new CandidateRandom(1), 4, drawn);
        SparseRowGradient g = new SparseRowGradient(CLASSES, FEATURES);
        String[] names = {"x", "w", "b", "labels"};
        for (String name : names) {
            float[] xs = name.equals("x") ? new float[x.length - 1] : x;
            float[] ws = name.equals("w") ? new float[w.length - 1] : w;
            float[] bs = name.equals("b") ? new float[b.length - 1] : b;
            int[] ls = name.equals("labels") ? new int[labels.length - 1] : labels;
            IndexOutOfBoundsException e1 = assertThrows(IndexOutOfBoundsException.class,
                    () -> loss.lossAndGradient(xs, 0, ws, 0, bs, 0, ls, 0, set, g, ROWS), name);
            assertTrue(e1.getMessage().startsWith(name + ": "), e1.getMessage());
            IndexOutOfBoundsException e2 = assertThrows(IndexOutOfBoundsException.class,
                    () -> loss.lossAndGradient(xs, 0, ws, 0, bs, 0, ls, 0, sampler, drawn, g, ROWS), name);
            assertTrue(e2.getMessage().startsWith(name + ": "), e2.getMessage());
        }
        assertEquals(0, g.rowCount(), "nothing was accumulated");
        SampledSoftmax twoTrue = new SampledSoftmax(CLASSES, FEATURES, SampledSoftmax.Options.defaults().withNumTrue(2));
        CandidateSet shortLabelLogQ = new CandidateSet(new int[] {5, 6}, new float[] {-3f, -3f}, new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twoTrue.lossAndGradient(x, 0,
                w, 0, b, 0, new int[6], 0, shortLabelLogQ, g, ROWS));
        assertTrue(e.getMessage().contains("labelLogQ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(x, 0, w, 0, b, 0, labels, 0,
                set, new SparseRowGradient(CLASSES + 1, FEATURES), ROWS), "a gradient of another shape");
    }

    @Test
    void aReusedInstanceGivesWhatAFreshOneGives() {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = values(random, 5 * FEATURES);
        float[] w = values(random, CLASSES * FEATURES);
        float[] b = values(random, CLASSES);
        int[] labels = {1, 4, 4, 9, 0, 3, 2, 8, 7, 6};
        SampledSoftmax.Options options = SampledSoftmax.Options.defaults().withNumTrue(2);
        SampledSoftmax reused = new SampledSoftmax(CLASSES, FEATURES, options);
        SparseRowGradient scratch = new SparseRowGradient(CLASSES, FEATURES);
        // A larger call first: 5 rows, 8 candidates (some of them hits), then a smaller one.
        CandidateSet big = new CandidateSet(new int[] {4, 11, 12, 13, 9, 15, 16, 17}, filled(8, -2.5f), filled(10, -2f));
        reused.lossAndGradient(x, 0, w, 0, b, 0, labels, 0, big, scratch, 5);
        CandidateSet small = new CandidateSet(new int[] {3, 18}, filled(2, -1.5f), filled(4, -2f));
        SparseRowGradient again = new SparseRowGradient(CLASSES, FEATURES);
        float second = reused.lossAndGradient(x, 0, w, 0, b, 0, labels, 0, small, again, 2);
        SparseRowGradient fresh = new SparseRowGradient(CLASSES, FEATURES);
        float expected = new SampledSoftmax(CLASSES, FEATURES, options).lossAndGradient(x, 0, w, 0, b, 0, labels, 0,
                small, fresh, 2);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(second));
        assertEquals(fresh.rowCount(), again.rowCount());
        for (int i = 0; i < fresh.rowCount(); i++) {
            assertEquals(fresh.rowId(i), again.rowId(i));
            assertEquals(fresh.bias(i), again.bias(i), 0);
            float[] a = new float[FEATURES];
            float[] c = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                a[j] = fresh.weight(i, j);
                c[j] = again.weight(i, j);
            }
            assertArrayEquals(a, c, "row " + fresh.rowId(i));
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }
}
