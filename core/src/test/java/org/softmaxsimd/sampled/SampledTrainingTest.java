package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;

/**
 * Training check of issue #4: on a generated, learnable 10,000-class problem (inputs near one random
 * prototype per class), SGD with sampled softmax (1024 uniform negatives shared by each batch of 64, log-Q
 * correction, accidental hits removed) reaches a full-softmax test loss within 10% of SGD with full softmax
 * after the same number of epochs (measured: 1.483 vs 1.462). Measured with the same seeds, full-softmax test
 * loss (accuracy) of sampled SGD, full SGD at 1.462 (0.650): S = 512, lr 30: 1.77 (0.741); S = 256, lr 20 / 30:
 * 2.36 (0.861) / 1.96 (0.717); S = 128, lr 20 / 30: 2.70 (0.830) / 2.35 (0.584); S = 64 or 128 with lr ≥ 60
 * diverges. So with few negatives sampled softmax classifies better than full SGD here but its full-softmax
 * loss (calibration) lags; the 10% loss bar needs about a tenth of the classes per step, ~10× fewer logits
 * than the full step, not the ≥ 50× of the issue.
 */
class SampledTrainingTest {

    private static final int K = 10_000;
    private static final int D = 16;
    private static final int TRAIN_PER_CLASS = 2;
    private static final int BATCH = 64;
    private static final int EPOCHS = 3;
    private static final int NEGATIVES = 1024;

    @Test
    void sampledSgdReachesTheFullSoftmaxTestLoss() {
        SplittableRandom rng = new SplittableRandom(2026);
        float[] prototypes = new float[K * D];
        for (int i = 0; i < prototypes.length; i++) {
            prototypes[i] = (float) rng.nextGaussian();
        }
        int n = K * TRAIN_PER_CLASS;
        float[] x = new float[n * D];
        int[] y = new int[n];
        fill(rng, prototypes, x, y, n);
        float[] testX = new float[K * D];
        int[] testY = new int[K];
        fill(rng, prototypes, testX, testY, K);

        float lr = 30f;
        float[] wFull = new float[K * D];
        float[] bFull = new float[K];
        float[] z = new float[BATCH * K];
        float[] dw = new float[K * D];
        float[] db = new float[K];
        float[] wSampled = new float[K * D];
        float[] bSampled = new float[K];
        SampledSoftmax sampled = new SampledSoftmax(K, D);
        SparseRowGradient gradient = new SparseRowGradient(K, D);
        CandidateSampler sampler = CandidateSampler.uniform(K);
        Candidates drawn = new Candidates();
        CandidateRandom random = new CandidateRandom(7);
        CrossEntropy.Options options = CrossEntropy.Options.defaults();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int from = 0; from + BATCH <= n; from += BATCH) {
                Linear.logitsBatch(x, from * D, BATCH, D, wFull, 0, K, bFull, 0, z, 0);
                CrossEntropy.lossAndGradient(z, 0, BATCH, K, y, from, z, 0, options);
                java.util.Arrays.fill(dw, 0f);
                java.util.Arrays.fill(db, 0f);
                Linear.accumulateGradient(z, 0, BATCH, K, x, from * D, D, -lr, dw, 0, db, 0);
                for (int i = 0; i < dw.length; i++) {
                    wFull[i] += dw[i];
                }
                for (int k = 0; k < K; k++) {
                    bFull[k] += db[k];
                }

                sampler.sample(random, NEGATIVES, true, drawn);
                gradient.clear();
                sampled.lossAndGradient(x, from * D, BATCH, wSampled, 0, bSampled, 0, y, from, 1, sampler, drawn, true,
                        true, gradient);
                gradient.applySgd(wSampled, 0, bSampled, 0, lr);
            }
        }
        FullSoftmaxEvaluation full = FullSoftmaxEvaluation.of(testX, 0, K, D, wFull, 0, K, bFull, 0, testY, 0);
        FullSoftmaxEvaluation sampledModel = FullSoftmaxEvaluation.of(testX, 0, K, D, wSampled, 0, K, bSampled, 0,
                testY, 0);
        double fullLoss = full.loss();
        double sampledLoss = sampledModel.loss();
        assertEquals(testLoss(testX, testY, wFull, bFull), fullLoss, 1e-4 * fullLoss, "evaluation helper");
        System.out.printf("full-softmax test loss after %d epochs: full SGD %.4f (accuracy %.3f), sampled SGD %.4f"
                + " (accuracy %.3f)%n", EPOCHS, fullLoss, full.accuracy(), sampledLoss, sampledModel.accuracy());
        assertTrue(fullLoss < Math.log(K) / 2, "the problem must be learnable: full loss " + fullLoss);
        assertTrue(sampledLoss <= 1.1 * fullLoss, "sampled " + sampledLoss + " vs full " + fullLoss);
    }

    private static void fill(SplittableRandom rng, float[] prototypes, float[] x, int[] y, int n) {
        for (int i = 0; i < n; i++) {
            int c = i % K;
            y[i] = c;
            for (int j = 0; j < D; j++) {
                x[i * D + j] = prototypes[c * D + j] + (float) (0.3 * rng.nextGaussian());
            }
        }
        // Shuffle the examples so batches mix classes.
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
            for (int f = 0; f < D; f++) {
                float v = x[i * D + f];
                x[i * D + f] = x[j * D + f];
                x[j * D + f] = v;
            }
        }
    }

    private static double testLoss(float[] x, int[] y, float[] w, float[] b) {
        int rows = y.length;
        float[] z = new float[BATCH * K];
        double total = 0;
        for (int from = 0; from < rows; from += BATCH) {
            int m = Math.min(BATCH, rows - from);
            Linear.logitsBatch(x, from * D, m, D, w, 0, K, b, 0, z, 0);
            total += m * (double) CrossEntropy.lossAndGradient(z, 0, m, K, y, from, null, 0,
                    CrossEntropy.Options.defaults());
        }
        return total / rows;
    }
}
