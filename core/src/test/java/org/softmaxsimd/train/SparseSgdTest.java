package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * SGD on CSR examples: without momentum and decay it is the dense update (same shuffle, same batches) to float
 * rounding; with them, the rows of features absent from a batch do not move (the sparse, lazy update); and it
 * learns.
 */
class SparseSgdTest {

    private static Dataset sparseish(int rows, int features, int classes, long seed, int unusedFeature) {
        Dataset d = TrainingData.clusters(rows, features, classes, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        float[] x = d.x().clone();
        for (int i = 0; i < x.length; i++) {
            if (random.nextDouble() < 0.6 || i % features == unusedFeature) {
                x[i] = 0f;
            }
        }
        return new Dataset(x, d.labels(), features);
    }

    @Test
    void withoutMomentumOrDecayItIsTheDenseUpdate() {
        Dataset dense = sparseish(300, 17, 5, 2, -1);
        SparseDataset sparse = SparseDataset.of(dense);
        Sgd sgd = new Sgd(Sgd.Options.defaults().withEpochs(3).withBatchSize(32).withLearningRate(0.2)
                .withMomentum(0).withSeed(9));
        SoftmaxRegression a = new SoftmaxRegression(5, 17, SoftmaxRegression.Options.defaults());
        SoftmaxRegression b = new SoftmaxRegression(5, 17, SoftmaxRegression.Options.defaults());
        List<Progress> denseProgress = new ArrayList<>();
        List<Progress> sparseProgress = new ArrayList<>();
        sgd.train(a, dense, 0, denseProgress::add);
        sgd.train(b, sparse, 0, sparseProgress::add);
        for (int i = 0; i < a.parameters().length; i++) {
            assertEquals(a.parameters()[i], b.parameters()[i], 1e-5, "parameter " + i);
        }
        for (int e = 0; e < 3; e++) {
            assertEquals(denseProgress.get(e).value(), sparseProgress.get(e).value(), 1e-5, "epoch " + e);
            assertEquals(denseProgress.get(e).accuracy(), sparseProgress.get(e).accuracy(), 0.01);
            assertEquals(denseProgress.get(e).evaluations(), sparseProgress.get(e).evaluations());
        }
        assertEquals(a.accuracy(dense), b.accuracy(sparse), 0.01);
        assertEquals(b.accuracy(dense), b.accuracy(sparse), 0, "sparse and dense prediction agree");
    }

    @Test
    void aFeatureThatNeverOccursKeepsItsWeightsUnderMomentumAndDecay() {
        int unused = 4;
        Dataset dense = sparseish(200, 9, 3, 5, unused);
        SparseDataset sparse = SparseDataset.of(dense);
        SoftmaxRegression model = new SoftmaxRegression(3, 9, SoftmaxRegression.Options.defaults());
        for (int i = 0; i < model.parameters().length; i++) {
            model.parameters()[i] = (float) Math.sin(i);
        }
        float[] before = model.parameters().clone();
        List<Progress> seen = new ArrayList<>();
        new Sgd(Sgd.Options.defaults().withEpochs(5).withBatchSize(16).withLearningRate(0.1).withMomentum(0.9)
                .withNesterov(true)).train(model, sparse, 0.05, seen::add);
        for (int k = 0; k < 3; k++) {
            assertEquals(before[k * 9 + unused], model.parameters()[k * 9 + unused], 0, "class " + k);
            assertTrue(before[k * 9] != model.parameters()[k * 9], "a used feature moves");
        }
        assertTrue(seen.get(4).value() < seen.get(0).value(), "the objective falls: " + seen);
        assertTrue(model.accuracy(sparse) > 0.5, "accuracy " + model.accuracy(sparse) + " (chance: 1/3)");
        // The reported value is the mean batch cross-entropy plus the penalty at the epoch's end.
        assertTrue(seen.get(4).value() > model.objective(sparse, 0.05) - 0.2);
    }

    @Test
    void badArgumentsAreRefused() {
        SparseDataset data = SparseDataset.of(sparseish(20, 6, 3, 1, -1));
        Sgd sgd = new Sgd(Sgd.Options.defaults().withEpochs(1));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(new SoftmaxRegression(3, 6,
                SoftmaxRegression.Options.defaults().withPivot(true)), data, 0, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(new SoftmaxRegression(3, 7,
                SoftmaxRegression.Options.defaults()), data, 0, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(new SoftmaxRegression(2, 6,
                SoftmaxRegression.Options.defaults()), data, 0, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(new SoftmaxRegression(3, 6,
                SoftmaxRegression.Options.defaults()), data, -1, ProgressListener.NONE));
    }

    /** 100 classes, each with 3 signature features among 400 (one never used): sampled SGD on CSR rows learns. */
    @Test
    void sampledSgdOnSparseRowsLearnsManyClasses() {
        int classes = 100;
        int features = 400;
        int rows = 3000;
        SplittableRandom random = new SplittableRandom(12);
        int[] rowStart = new int[rows + 1];
        int[] index = new int[rows * 5];
        float[] value = new float[rows * 5];
        int[] labels = new int[rows];
        int at = 0;
        for (int r = 0; r < rows; r++) {
            int y = random.nextInt(classes);
            labels[r] = y;
            java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
            chosen.add(3 * y + random.nextInt(3));
            chosen.add(3 * y + random.nextInt(3));
            while (chosen.size() < 5) {
                int noise = random.nextInt(features - 1);
                chosen.add(noise == 399 ? 398 : noise);
            }
            rowStart[r] = at;
            for (int j : chosen) {
                index[at] = j;
                value[at] = 1f;
                at++;
            }
        }
        rowStart[rows] = at;
        SparseDataset data = new SparseDataset(rowStart, java.util.Arrays.copyOf(index, at),
                java.util.Arrays.copyOf(value, at), labels, features);
        SoftmaxRegression model = new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults());
        for (int i = 0; i < model.parameters().length; i++) {
            model.parameters()[i] = (float) (0.01 * Math.sin(i));
        }
        float[] before = model.parameters().clone();
        double chance = model.accuracy(data);
        List<Progress> seen = new ArrayList<>();
        new Sgd(Sgd.Options.defaults().withEpochs(6).withBatchSize(32).withLearningRate(0.5).withMomentum(0.5))
                .trainSampled(model, data, 1e-5, org.softmaxsimd.sampled.CandidateSampler.uniform(classes), 10,
                        seen::add);
        assertTrue(seen.get(5).value() < 0.5 * seen.get(0).value(), "the sampled loss falls: " + seen);
        double accuracy = model.accuracy(data);
        assertTrue(accuracy > 0.6 && accuracy > chance + 0.5, "full-softmax accuracy " + accuracy);
        for (int k = 0; k < classes; k++) {
            assertEquals(before[k * features + 399], model.parameters()[k * features + 399], 0, "feature 399 unused");
        }
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Sgd.Options.defaults()).trainSampled(model, data, 0,
                org.softmaxsimd.sampled.CandidateSampler.uniform(classes + 1), 10, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Sgd.Options.defaults()).trainSampled(model, data, 0,
                org.softmaxsimd.sampled.CandidateSampler.uniform(classes), 0, ProgressListener.NONE));
    }

    @Test
    void nesterovNoBiasReturnValuesAndChecksOfTheSparsePaths() {
        Dataset dense = sparseish(120, 8, 3, 7, -1);
        SparseDataset data = SparseDataset.of(dense);
        Sgd.Options base = Sgd.Options.defaults().withEpochs(2).withBatchSize(16).withLearningRate(0.2)
                .withMomentum(0.8);
        SoftmaxRegression classical = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults());
        SoftmaxRegression nesterov = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults());
        List<Progress> seen = new ArrayList<>();
        double last = new Sgd(base).train(classical, data, 1e-3, seen::add);
        assertEquals(seen.get(1).value(), last, 0, "train returns the last epoch's value");
        new Sgd(base.withNesterov(true)).train(nesterov, data, 1e-3, ProgressListener.NONE);
        assertTrue(!java.util.Arrays.equals(classical.parameters(), nesterov.parameters()), "Nesterov steps differ");
        SoftmaxRegression noBias = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults().withBias(false));
        new Sgd(base).train(noBias, data, 0, ProgressListener.NONE);
        assertEquals(24, noBias.parameters().length);
        assertTrue(noBias.accuracy(data) > 0.5);
        org.softmaxsimd.sampled.CandidateSampler sampler = org.softmaxsimd.sampled.CandidateSampler.uniform(3);
        SoftmaxRegression a = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults());
        SoftmaxRegression b = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults().withBias(false));
        List<Progress> sampled = new ArrayList<>();
        double sampledLast = new Sgd(base).trainSampled(a, data, 0, sampler, 2, sampled::add);
        assertEquals(sampled.get(1).value(), sampledLast, 0, "trainSampled returns the last epoch's value");
        new Sgd(base.withNesterov(true)).trainSampled(b, data, 0, sampler, 2, ProgressListener.NONE);
        assertEquals(24, b.parameters().length);
        SoftmaxRegression c = new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults());
        new Sgd(base.withNesterov(true)).trainSampled(c, data, 0, sampler, 2, ProgressListener.NONE);
        assertTrue(!java.util.Arrays.equals(a.parameters(), c.parameters()), "Nesterov sampled steps differ");
        SoftmaxRegression two = new SoftmaxRegression(2, 8, SoftmaxRegression.Options.defaults());
        Sgd sgd = new Sgd(base);
        assertThrows(IllegalArgumentException.class, () -> sgd.train(two, data, 0, ProgressListener.NONE),
                "a label outside [0, 2)");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(two, data, 0,
                org.softmaxsimd.sampled.CandidateSampler.uniform(2), 1, ProgressListener.NONE), "a label outside [0, 2)");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(a, data, -1, sampler, 1,
                ProgressListener.NONE), "a negative lambda");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(new SoftmaxRegression(3, 9,
                SoftmaxRegression.Options.defaults()), data, 0, sampler, 1, ProgressListener.NONE), "features");
        SparseDataset empty = new SparseDataset(new int[] {0}, new int[0], new float[0], new int[0], 8);
        assertThrows(IllegalArgumentException.class, () -> sgd.train(a, empty, 0, ProgressListener.NONE), "no rows");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(a, empty, 0, sampler, 1,
                ProgressListener.NONE), "no rows");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(
                new SoftmaxRegression(3, 8, SoftmaxRegression.Options.defaults().withPivot(true)), data, 0, sampler, 1,
                ProgressListener.NONE), "a pivot");
        assertThrows(IllegalArgumentException.class, () -> sgd.train(a, data, Double.NaN, ProgressListener.NONE));
        // The option bounds themselves: one epoch, batches of one, momentum 0 are accepted; 0, 0 and 1 are not.
        Sgd.Options.defaults().withEpochs(1).withBatchSize(1).withMomentum(0);
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Options.defaults().withMomentum(1));
    }

    @Test
    void schedulesFollowTheirFormulas() {
        Sgd.Schedule inverse = Sgd.Schedule.inverseTime(0.5);
        assertEquals(1.0, inverse.rate(0, 1.0), 0);
        assertEquals(0.5, inverse.rate(2, 1.0), 1e-15);
        assertEquals(0.3, Sgd.Schedule.inverseTime(0).rate(7, 0.3), 0);
        Sgd.Schedule step = Sgd.Schedule.stepDecay(2, 0.5);
        assertEquals(1.0, step.rate(1, 1.0), 0);
        assertEquals(0.5, step.rate(2, 1.0), 0);
        assertEquals(0.25, step.rate(5, 1.0), 0);
        assertEquals(0.9, Sgd.Schedule.stepDecay(1, 0.9).rate(1, 1.0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Sgd.Schedule.stepDecay(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Schedule.stepDecay(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Schedule.inverseTime(-1e-9));
        assertEquals(2.0, Sgd.Schedule.constant().rate(9, 2.0), 0);
    }
}
