package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.RandomArrays;

/** Sampled softmax against the full softmax and against a float64 reference of its definition. */
class SampledSoftmaxTest {

    private static final int K = 37;
    private static final int D = 21;
    private static final int ROWS = 5;

    private final SplittableRandom rng = new SplittableRandom(4);
    private final float[] x = RandomArrays.uniform(rng, ROWS * D, -1, 1);
    private final float[] w = RandomArrays.uniform(rng, K * D, -1, 1);
    private final float[] b = RandomArrays.uniform(rng, K, -1, 1);
    private final int[] labels = RandomArrays.labels(rng, ROWS, K);

    private static float[] dense(SparseRowGradient g, boolean bias) {
        float[] out = new float[bias ? K : K * D];
        for (int i = 0; i < g.rowCount(); i++) {
            if (bias) {
                out[g.rowId(i)] = g.bias(i);
            } else {
                for (int j = 0; j < D; j++) {
                    out[g.rowId(i) * D + j] = g.weight(i, j);
                }
            }
        }
        return out;
    }

    @Test
    void allClassesAsCandidatesIsTheFullSoftmax() {
        int[] all = new int[K];
        for (int k = 0; k < K; k++) {
            all[k] = k;
        }
        SparseRowGradient g = new SparseRowGradient(K, D);
        float sampledLoss = new SampledSoftmax(K, D).lossAndGradient(x, 0, w, 0, b, 0, labels, 0,
                new CandidateSet(all, new float[K], new float[ROWS]), g, ROWS);
        float[] z = new float[ROWS * K];
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, ROWS, K, D);
        float fullLoss = CrossEntropy.lossAndGradientRows(z, 0, labels, 0, z, 0, ROWS, K,
                CrossEntropy.Options.defaults());
        float[] dw = new float[K * D];
        float[] db = new float[K];
        Linear.accumulateGradient(z, 0, x, 0, dw, 0, db, 0, ROWS, K, D, 1f);
        assertEquals(fullLoss, sampledLoss, 1e-6 * Math.max(1, fullLoss));
        float[] sw = dense(g, false);
        float[] sb = dense(g, true);
        for (int i = 0; i < K * D; i++) {
            assertEquals(dw[i], sw[i], 1e-6, "dW " + i);
        }
        for (int k = 0; k < K; k++) {
            assertEquals(db[k], sb[k], 1e-6, "db " + k);
        }
    }

    /** Float64 loss of the definition, for one shared candidate set. */
    private double reference(int[] lab, int numTrue, int[] cand, double[] candLogQ, double[] labLogQ, boolean remove) {
        double total = 0;
        for (int i = 0; i < ROWS; i++) {
            int width = numTrue + cand.length;
            double[] z = new double[width];
            for (int j = 0; j < width; j++) {
                int c = j < numTrue ? lab[i * numTrue + j] : cand[j - numTrue];
                double v = b[c];
                for (int f = 0; f < D; f++) {
                    v += (double) w[c * D + f] * x[i * D + f];
                }
                v -= j < numTrue ? labLogQ[i * numTrue + j] : candLogQ[j - numTrue];
                boolean hit = false;
                for (int t = 0; t < numTrue; t++) {
                    hit |= j >= numTrue && lab[i * numTrue + t] == c;
                }
                z[j] = remove && hit ? Double.NEGATIVE_INFINITY : v;
            }
            double m = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                m = Math.max(m, v);
            }
            double s = 0;
            for (double v : z) {
                s += Math.exp(v - m);
            }
            double lse = m + Math.log(s);
            for (int t = 0; t < numTrue; t++) {
                total += (lse - z[t]) / numTrue;
            }
        }
        return total / ROWS;
    }

    @Test
    void samplerPathMatchesTheDefinitionWithLogQAndSeveralTrueClasses() {
        int numTrue = 2;
        int[] lab = RandomArrays.labels(rng, ROWS * numTrue, K);
        CandidateSampler sampler = CandidateSampler.logUniform(K);
        Candidates drawn = new Candidates();
        for (boolean unique : new boolean[] {true, false}) {
            if (unique) {
                sampler.sampleUnique(new CandidateRandom(3), 12, drawn);
            } else {
                sampler.sample(new CandidateRandom(3), 12, drawn);
            }
            int[] cand = new int[drawn.size()];
            drawn.copyTo(cand, 0);
            double[] candLogQ = new double[cand.length];
            for (int j = 0; j < cand.length; j++) {
                candLogQ[j] = (float) Math.log(sampler.expectedCount(cand[j], drawn));
            }
            double[] labLogQ = new double[lab.length];
            for (int t = 0; t < lab.length; t++) {
                labLogQ[t] = (float) Math.log(sampler.expectedCount(lab[t], drawn));
            }
            for (boolean remove : new boolean[] {true, false}) {
                SparseRowGradient g = new SparseRowGradient(K, D);
                SampledSoftmax.Options options = SampledSoftmax.Options.defaults().withNumTrue(numTrue)
                        .withRemoveAccidentalHits(remove);
                float loss = new SampledSoftmax(K, D, options).lossAndGradient(x, 0, w, 0, b, 0, lab, 0, sampler, drawn,
                        g, ROWS);
                double expected = reference(lab, numTrue, cand, candLogQ, labLogQ, remove);
                assertEquals(expected, loss, 1e-5 * Math.max(1, expected), "unique " + unique + " remove " + remove);
                assertTrue(g.rowCount() <= numTrue * ROWS + cand.length, "only gathered rows are touched");
            }
        }
    }

    @Test
    void accidentalHitsAreMaskedWhenAsked() {
        int[] cand = {labels[0], (labels[0] + 1) % K};
        float[] zero = new float[2];
        float[] zeroTrue = new float[ROWS];
        SparseRowGradient kept = new SparseRowGradient(K, D);
        SparseRowGradient masked = new SparseRowGradient(K, D);
        CandidateSet set = new CandidateSet(cand, zero, zeroTrue);
        SampledSoftmax.Options keepHits = SampledSoftmax.Options.defaults().withRemoveAccidentalHits(false);
        float withHit = new SampledSoftmax(K, D, keepHits).lossAndGradient(x, 0, w, 0, b, 0, labels, 0, set, kept, 1);
        float removed = new SampledSoftmax(K, D).lossAndGradient(x, 0, w, 0, b, 0, labels, 0, set, masked, 1);
        assertNotEquals(withHit, removed);
        // With the hit masked only two columns remain: the true class and the other candidate.
        double zt = b[labels[0]];
        double zo = b[cand[1]];
        for (int f = 0; f < D; f++) {
            zt += (double) w[labels[0] * D + f] * x[f];
            zo += (double) w[cand[1] * D + f] * x[f];
        }
        assertEquals(Math.log1p(Math.exp(zo - zt)), removed, 1e-6);
    }

    @Test
    void sparseSgdTouchesOnlyGatheredRows() {
        int[] cand = {3, 7};
        SparseRowGradient g = new SparseRowGradient(K, D);
        int[] lab = {5};
        new SampledSoftmax(K, D).lossAndGradient(x, 0, w, 0, b, 0, lab, 0, CandidateSet.withoutCorrection(cand), g, 1);
        float[] w2 = w.clone();
        float[] b2 = b.clone();
        g.applySgd(w2, 0, b2, 0, 0.5f);
        for (int k = 0; k < K; k++) {
            boolean touched = k == 3 || k == 7 || k == 5;
            boolean changed = false;
            for (int f = 0; f < D; f++) {
                changed |= w2[k * D + f] != w[k * D + f];
            }
            assertEquals(touched, changed, "row " + k);
        }
        g.clear();
        assertEquals(0, g.rowCount());
    }

    @Test
    void badInputIsRejected() {
        SampledSoftmax s = new SampledSoftmax(K, D);
        SparseRowGradient g = new SparseRowGradient(K, D);
        CandidateSet one = CandidateSet.withoutCorrection(new int[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.lossAndGradient(x, 0, w, 0, b, 0, new int[] {K}, 0, one, g, 1));
        assertTrue(e.getMessage().contains("labels[0] = 37 is outside [0, 37)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> s.lossAndGradient(x, 0, w, 0, b, 0, new int[] {1}, 0,
                        CandidateSet.withoutCorrection(new int[] {-2}),
                        g, 1));
        assertTrue(e.getMessage().contains("candidates[0] = -2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.lossAndGradient(x, 0, w, 0, b, 0, new int[] {1}, 0, one,
                new SparseRowGradient(K + 1, D), 1));
        assertThrows(IllegalArgumentException.class, () -> s.lossAndGradient(x, 0, w, 0, b, 0, new int[] {1}, 0, one,
                g, 0));
        assertThrows(IllegalArgumentException.class, () -> SampledSoftmax.Options.defaults().withNumTrue(0));
        assertThrows(IllegalArgumentException.class, () -> new CandidateSet(new int[] {1}, new float[1], null));
        assertThrows(IllegalArgumentException.class, () -> new SampledSoftmax(0, 3));
        assertEquals(0, g.rowCount(), "nothing written");
    }
}
