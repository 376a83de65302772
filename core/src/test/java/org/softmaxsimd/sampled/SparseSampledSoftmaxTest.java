package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;

/**
 * Sampled softmax on CSR inputs against the dense {@link SampledSoftmax} on the same rows (W = (Wᵀ)ᵀ, the same
 * candidates, log-Q correction and accidental hits on, two true classes), against the full softmax when every
 * class is a candidate, and the block steps against their formulas.
 */
class SparseSampledSoftmaxTest {

    private static final int CLASSES = 30;
    private static final int FEATURES = 50;
    private static final int ROWS = 6;

    private record Batch(int[] rowStart, int[] index, float[] value, float[] dense) {
    }

    private static Batch batch(SplittableRandom random) {
        int[] rowStart = new int[ROWS + 1];
        int[] index = new int[ROWS * 8];
        float[] value = new float[ROWS * 8];
        float[] dense = new float[ROWS * FEATURES];
        int at = 0;
        for (int r = 0; r < ROWS; r++) {
            rowStart[r] = at;
            int nnz = 1 + random.nextInt(8);
            boolean[] used = new boolean[FEATURES];
            for (int k = 0; k < nnz; k++) {
                used[random.nextInt(FEATURES)] = true;
            }
            for (int j = 0; j < FEATURES; j++) {
                if (used[j]) {
                    index[at] = j;
                    value[at] = (float) random.nextDouble(-2, 2);
                    dense[r * FEATURES + j] = value[at];
                    at++;
                }
            }
        }
        rowStart[ROWS] = at;
        return new Batch(rowStart, Arrays.copyOf(index, at), Arrays.copyOf(value, at), dense);
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        return v;
    }

    private static float[] transpose(float[] wt) {
        float[] w = new float[CLASSES * FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            for (int c = 0; c < CLASSES; c++) {
                w[c * FEATURES + j] = wt[j * CLASSES + c];
            }
        }
        return w;
    }

    @Test
    void equalsTheDenseSampledSoftmaxOnTheSameRowsAndCandidates() {
        SplittableRandom random = new SplittableRandom(5);
        Batch batch = batch(random);
        float[] wt = values(random, FEATURES * CLASSES);
        float[] b = values(random, CLASSES);
        int[] labels = new int[ROWS * 2];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        labels[3] = labels[2] == 7 ? 8 : 7;
        // Candidate 7 is an accidental hit of a true class; log Q made up but fixed.
        int[] ids = {7, 12, 3, 25, 18};
        float[] logQ = {-1.5f, -2f, -2.5f, -3f, -1f};
        float[] labelLogQ = values(random, ROWS * 2);
        CandidateSet set = new CandidateSet(ids, logQ, labelLogQ);
        SampledSoftmax.Options options = SampledSoftmax.Options.defaults().withNumTrue(2);
        SparseSampledSoftmax sparse = new SparseSampledSoftmax(CLASSES, FEATURES, options);
        BlockGradient block = new BlockGradient(CLASSES, FEATURES);
        float sparseLoss = sparse.lossAndGradient(batch.rowStart, 0, batch.index, batch.value, wt, 0, b, 0, labels, 0,
                set, block, ROWS);
        SparseRowGradient rows = new SparseRowGradient(CLASSES, FEATURES);
        float denseLoss = new SampledSoftmax(CLASSES, FEATURES, options).lossAndGradient(batch.dense, 0,
                transpose(wt), 0, b, 0, labels, 0, set, rows, ROWS);
        assertEquals(denseLoss, sparseLoss, 1e-6 * Math.abs(denseLoss));
        float[][] dense = new float[CLASSES][FEATURES];
        float[] denseBias = new float[CLASSES];
        for (int i = 0; i < rows.rowCount(); i++) {
            for (int j = 0; j < FEATURES; j++) {
                dense[rows.rowId(i)][j] = rows.weight(i, j);
            }
            denseBias[rows.rowId(i)] = rows.bias(i);
        }
        float[][] fromBlock = new float[CLASSES][FEATURES];
        float[] blockBias = new float[CLASSES];
        for (int i = 0; i < block.featureCount(); i++) {
            for (int c = 0; c < block.classCount(); c++) {
                fromBlock[block.classId(c)][block.featureId(i)] = block.weight(i, c);
            }
        }
        for (int c = 0; c < block.classCount(); c++) {
            blockBias[block.classId(c)] = block.bias(c);
        }
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < FEATURES; j++) {
                assertEquals(dense[c][j], fromBlock[c][j], 1e-6, "dW[" + c + "][" + j + "]");
            }
            assertEquals(denseBias[c], blockBias[c], 1e-6, "db[" + c + "]");
        }
        assertTrue(block.featureCount() < FEATURES && block.classCount() <= ROWS * 2 + ids.length);
    }

    @Test
    void withEveryClassACandidateItIsTheFullSoftmax() {
        SplittableRandom random = new SplittableRandom(6);
        Batch batch = batch(random);
        float[] wt = values(random, FEATURES * CLASSES);
        float[] b = values(random, CLASSES);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        int[] all = new int[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            all[c] = c;
        }
        BlockGradient block = new BlockGradient(CLASSES, FEATURES);
        float loss = new SparseSampledSoftmax(CLASSES, FEATURES, SampledSoftmax.Options.defaults())
                .lossAndGradient(batch.rowStart, 0, batch.index, batch.value, wt, 0, b, 0, labels, 0,
                        CandidateSet.withoutCorrection(all), block, ROWS);
        float[] z = new float[ROWS * CLASSES];
        Linear.logitsRows(batch.dense, 0, transpose(wt), 0, b, 0, z, 0, ROWS, CLASSES, FEATURES);
        float full = CrossEntropy.lossAndGradientRows(z, 0, labels, 0, z, 0, ROWS, CLASSES,
                CrossEntropy.Options.defaults());
        assertEquals(full, loss, 1e-6 * full);
        float[] dw = new float[CLASSES * FEATURES];
        float[] db = new float[CLASSES];
        Linear.accumulateGradient(z, 0, batch.dense, 0, dw, 0, db, 0, ROWS, CLASSES, FEATURES, 1f);
        assertEquals(CLASSES, block.classCount());
        for (int i = 0; i < block.featureCount(); i++) {
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(dw[c * FEATURES + block.featureId(i)], block.weight(i, c), 1e-6);
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(db[c], block.bias(c), 1e-6);
        }
    }

    @Test
    void blockStepsTouchTheBlockOnly() {
        SplittableRandom random = new SplittableRandom(7);
        Batch batch = batch(random);
        float[] wt = values(random, FEATURES * CLASSES);
        float[] b = values(random, CLASSES);
        int[] labels = {1, 2, 3, 4, 5, 6};
        BlockGradient block = new BlockGradient(CLASSES, FEATURES);
        new SparseSampledSoftmax(CLASSES, FEATURES, SampledSoftmax.Options.defaults()).lossAndGradient(batch.rowStart,
                0, batch.index, batch.value, wt, 0, b, 0, labels, 0, CandidateSet.withoutCorrection(new int[] {9, 10}),
                block, ROWS);
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] w = wt.clone();
            float[] bias = b.clone();
            float[] v = values(random, FEATURES * CLASSES);
            float[] bv = values(random, CLASSES);
            float[] v0 = v.clone();
            float[] bv0 = bv.clone();
            SparseRowGradient.Momentum step = (nesterov ? SparseRowGradient.Momentum.nesterov(0.5f, 0.8f)
                    : SparseRowGradient.Momentum.classical(0.5f, 0.8f)).withWeightDecay(0.1f);
            block.applyMomentum(w, 0, bias, 0, v, 0, bv, 0, step);
            boolean[][] inBlock = new boolean[FEATURES][CLASSES];
            for (int i = 0; i < block.featureCount(); i++) {
                for (int c = 0; c < block.classCount(); c++) {
                    int f = block.featureId(i);
                    int k = block.classId(c);
                    inBlock[f][k] = true;
                    double g = block.weight(i, c) + 0.1 * wt[f * CLASSES + k];
                    double vel = 0.8 * v0[f * CLASSES + k] + g;
                    assertEquals(wt[f * CLASSES + k] - 0.5 * (nesterov ? g + 0.8 * vel : vel), w[f * CLASSES + k],
                            1e-6);
                }
            }
            for (int f = 0; f < FEATURES; f++) {
                for (int k = 0; k < CLASSES; k++) {
                    if (!inBlock[f][k]) {
                        assertEquals(wt[f * CLASSES + k], w[f * CLASSES + k], 0, "outside the block");
                        assertEquals(v0[f * CLASSES + k], v[f * CLASSES + k], 0);
                    }
                }
            }
            for (int c = 0; c < block.classCount(); c++) {
                int k = block.classId(c);
                double vel = 0.8 * bv0[k] + block.bias(c);
                assertEquals(b[k] - 0.5 * (nesterov ? block.bias(c) + 0.8 * vel : vel), bias[k], 1e-6, "not decayed");
            }
        }
        float[] w = wt.clone();
        block.applySgd(w, 0, null, 0, 0.25f, 0f);
        int f = block.featureId(0);
        int k = block.classId(0);
        assertEquals(wt[f * CLASSES + k] - 0.25 * block.weight(0, 0), w[f * CLASSES + k], 1e-7);
        assertThrows(IllegalArgumentException.class, () -> block.applyMomentum(w, 0, null, 0, null, 0, null, 0,
                SparseRowGradient.Momentum.classical(0.1f, 0.9f)), "momentum without velocities");
    }

    @Test
    void badArgumentsAreRefused() {
        SplittableRandom random = new SplittableRandom(8);
        Batch batch = batch(random);
        float[] wt = values(random, FEATURES * CLASSES);
        SparseSampledSoftmax loss = new SparseSampledSoftmax(CLASSES, FEATURES, SampledSoftmax.Options.defaults());
        BlockGradient block = new BlockGradient(CLASSES, FEATURES);
        CandidateSet set = CandidateSet.withoutCorrection(new int[] {1, 2});
        int[] labels = new int[ROWS];
        assertThrows(IndexOutOfBoundsException.class, () -> loss.lossAndGradient(batch.rowStart, 0, batch.index,
                batch.value, new float[wt.length - 1], 0, null, 0, labels, 0, set, block, ROWS));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(batch.rowStart, 0, batch.index,
                batch.value, wt, 0, null, 0, new int[] {0, 0, 0, 0, 0, CLASSES}, 0, set, block, ROWS));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(batch.rowStart, 0, batch.index,
                batch.value, wt, 0, null, 0, labels, 0, CandidateSet.withoutCorrection(new int[] {CLASSES}), block,
                ROWS));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(batch.rowStart, 0, batch.index,
                batch.value, wt, 0, null, 0, labels, 0, set, new BlockGradient(CLASSES + 1, FEATURES), ROWS));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(batch.rowStart, 0, batch.index,
                batch.value, wt, 0, null, 0, labels, 0, set, block, 0));
    }
}
