package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;

/**
 * Training check of issue #4 on generated, learnable 10,000-class problems (inputs near one random prototype
 * per class): SGD with sampled softmax against SGD with full softmax, same data, same number of epochs, each
 * at its best learning rate of the grid noted below; the criterion is the full-softmax test loss.
 *
 * <p>Zipfian classes (the case sampled softmax is for: class k drawn with the log-uniform probability
 * (log(k+2) − log(k+1))/log(K+1), as word frequencies), d = 128, batches of 32, S = 64 log-uniform negatives
 * shared by the batch: sampled reaches 1.289 against full 1.244 (within 4%), and at this very shape JMH
 * measures the sampled step 62× cheaper than the full step (SampledSoftmaxBenchmark, K = 10k, d = 128, S = 64;
 * README). Learning rates measured: full {5: 1.405, 10: 1.244, 20: 1.246}, sampled {5: 1.886, 10: 1.664,
 * 15: 1.501, 20: 1.341, 30: 1.289, 45: 1.467}.
 *
 * <p>Uniform classes (2 examples per class), d = 16, batches of 64, uniform negatives: within 10% only with
 * S = 1024 (here 1.504 vs 1.432, accuracy 0.772 vs 0.659), about a tenth of the classes per step. Measured on
 * an earlier draw of the same problem (full 1.462): S = 1024: 1.483; S = 512, lr 30: 1.77; S = 256, lr 20 / 30:
 * 2.36 / 1.96; S = 128, lr 20 / 30: 2.70 / 2.35; S ≤ 128 with lr ≥ 60 diverges. With few negatives the sampled
 * model classifies better (0.83-0.87 against 0.65) but its full-softmax loss (calibration) lags: without a
 * skewed class distribution for the sampler to match, sampled softmax needs many negatives.
 */
@Tag("slow")
class SampledTrainingTest {

    private static final int K = 10_000;
    private static final int EPOCHS = 3;

    /** Training and test sets of one generated problem. */
    private record Problem(int features, float[] x, int[] y, float[] testX, int[] testY) {
        int rows() {
            return y.length;
        }
    }

    /**
     * Prototypes with unit-norm-ish scale (Gaussian / sqrt(d/16)), examples at a prototype plus 0.3/sqrt(d/16)
     * noise, classes from {@code nextClass}: the same separation whatever d.
     */
    private static Problem problem(int features, int rows, int testRows, SplittableRandom rng, IntSupplier nextClass) {
        double scale = 1 / Math.sqrt(features / 16.0);
        float[] prototypes = new float[K * features];
        for (int i = 0; i < prototypes.length; i++) {
            prototypes[i] = (float) (scale * rng.nextGaussian());
        }
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        fill(rng, prototypes, features, scale, nextClass, x, y);
        float[] testX = new float[testRows * features];
        int[] testY = new int[testRows];
        fill(rng, prototypes, features, scale, nextClass, testX, testY);
        return new Problem(features, x, y, testX, testY);
    }

    private static void fill(SplittableRandom rng, float[] prototypes, int features, double scale,
                             IntSupplier nextClass, float[] x, int[] y) {
        for (int i = 0; i < y.length; i++) {
            int c = nextClass.getAsInt();
            y[i] = c;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = prototypes[c * features + j] + (float) (0.3 * scale * rng.nextGaussian());
            }
        }
    }

    /** Full-softmax SGD; returns the full-softmax evaluation on the test set. */
    private static FullSoftmaxEvaluation trainFull(Problem p, int batch, float lr) {
        int d = p.features();
        float[] w = new float[K * d];
        float[] b = new float[K];
        float[] z = new float[batch * K];
        float[] dw = new float[K * d];
        float[] db = new float[K];
        CrossEntropy.Options options = CrossEntropy.Options.defaults();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int from = 0; from + batch <= p.rows(); from += batch) {
                Linear.logitsRows(p.x(), from * d, w, 0, b, 0, z, 0, batch, K, d);
                CrossEntropy.lossAndGradientRows(z, 0, p.y(), from, z, 0, batch, K, options);
                Arrays.fill(dw, 0f);
                Arrays.fill(db, 0f);
                Linear.accumulateGradient(z, 0, p.x(), from * d, dw, 0, db, 0, batch, K, d, -lr);
                for (int i = 0; i < dw.length; i++) {
                    w[i] += dw[i];
                }
                for (int k = 0; k < K; k++) {
                    b[k] += db[k];
                }
            }
        }
        return FullSoftmaxEvaluation.of(p.testX(), 0, w, 0, b, 0, p.testY(), 0, p.testY().length, K, d);
    }

    /** Sampled-softmax SGD with S shared negatives per batch; returns the full-softmax test evaluation. */
    private static FullSoftmaxEvaluation trainSampled(Problem p, int batch, float lr, CandidateSampler sampler,
                                                      int negatives) {
        int d = p.features();
        float[] w = new float[K * d];
        float[] b = new float[K];
        SampledSoftmax sampled = new SampledSoftmax(K, d);
        SparseRowGradient gradient = new SparseRowGradient(K, d);
        Candidates drawn = new Candidates();
        CandidateRandom random = new CandidateRandom(7);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int from = 0; from + batch <= p.rows(); from += batch) {
                sampler.sampleUnique(random, negatives, drawn);
                gradient.clear();
                sampled.lossAndGradient(p.x(), from * d, w, 0, b, 0, p.y(), from, sampler, drawn, gradient, batch);
                gradient.applySgd(w, 0, b, 0, lr);
            }
        }
        return FullSoftmaxEvaluation.of(p.testX(), 0, w, 0, b, 0, p.testY(), 0, p.testY().length, K, d);
    }

    private static void assertWithinTenPercent(String what, FullSoftmaxEvaluation full,
                                               FullSoftmaxEvaluation sampled) {
        System.out.printf("%s: full-softmax test loss after %d epochs: full SGD %.4f (accuracy %.3f), sampled SGD"
                + " %.4f (accuracy %.3f)%n", what, EPOCHS, full.loss(), full.accuracy(), sampled.loss(),
                sampled.accuracy());
        assertTrue(full.loss() < Math.log(K) / 2, "the problem must be learnable: full loss " + full.loss());
        assertTrue(sampled.loss() <= 1.1 * full.loss(), "sampled " + sampled.loss() + " vs full " + full.loss());
    }

    @Test
    void zipfianClassesWith64LogUniformNegatives() {
        SplittableRandom rng = new SplittableRandom(2026);
        // The log-uniform law by inversion: k = floor((K+1)^u) − 1.
        IntSupplier zipf = () -> Math.min(K - 1,
                (int) Math.floor(Math.exp(rng.nextDouble() * Math.log(K + 1))) - 1);
        Problem p = problem(128, 20_000, 10_000, rng, zipf);
        FullSoftmaxEvaluation full = trainFull(p, 32, 10f);
        FullSoftmaxEvaluation sampled = trainSampled(p, 32, 30f, CandidateSampler.logUniform(K), 64);
        assertWithinTenPercent("Zipfian classes, d 128, S 64 log-uniform", full, sampled);
    }

    @Test
    void uniformClassesNeed1024UniformNegatives() {
        SplittableRandom rng = new SplittableRandom(2026);
        int[] next = {0};
        // Two examples of every class, in a random order.
        int[] order = new int[2 * K];
        for (int i = 0; i < order.length; i++) {
            order[i] = i % K;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        // Training rows follow the shuffled order; the test rows then take every class once.
        IntSupplier twoPerClassThenEach = () -> next[0] < order.length ? order[next[0]++]
                : (next[0]++ - order.length) % K;
        Problem p = problem(16, 2 * K, K, rng, twoPerClassThenEach);
        FullSoftmaxEvaluation full = trainFull(p, 64, 30f);
        FullSoftmaxEvaluation sampled = trainSampled(p, 64, 30f, CandidateSampler.uniform(K), 1024);
        assertEquals(Math.log(K), FullSoftmaxEvaluation.of(p.testX(), 0, new float[K * 16], 0, null, 0, p.testY(), 0, K,
                K, 16).loss(), 1e-4, "evaluation helper: a zero model has loss log K");
        assertWithinTenPercent("uniform classes, d 16, S 1024 uniform", full, sampled);
    }
}
