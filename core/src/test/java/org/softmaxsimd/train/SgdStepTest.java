package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.sampled.CandidateSampler;

/**
 * SGD's update rule step by step against the float64 objective of the test code: with one batch per epoch
 * (batch size ≥ m) every epoch is one step θ ← θ − η·v, v = μ·v + ∇J(θ) (classical) or θ ← θ − η·(∇J + μ·v)
 * (Nesterov), with ∇J including λθ; the epoch's value is J at the point the step started from; and the
 * progress reports count epochs, steps, examples, the scheduled rate and the time.
 */
class SgdStepTest {

    private static final int CLASSES = 4;
    private static final int FEATURES = 6;
    private static final double LAMBDA = 0.05;

    @Test
    void classicalMomentumStepsAsTheFormula() {
        check(false);
    }

    @Test
    void nesterovMomentumStepsAsTheFormula() {
        check(true);
    }

    private static void check(boolean nesterov) {
        Dataset data = TrainingData.clusters(40, FEATURES, CLASSES, 21);
        SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
        float[] theta = model.parameters();
        for (int j = 0; j < theta.length; j++) {
            theta[j] = (float) (0.1 * Math.cos(j));
        }
        double rate = 0.3;
        double mu = 0.7;
        int epochs = 3;
        Sgd.Schedule schedule = Sgd.Schedule.inverseTime(0.5);
        Sgd sgd = new Sgd(Sgd.Options.defaults().withEpochs(epochs).withBatchSize(64).withLearningRate(rate)
                .withMomentum(mu).withNesterov(nesterov).withSchedule(schedule).withSeed(3));

        // The reference, in float64 from the same float32 start.
        Float64Objective f = new Float64Objective(data, CLASSES, true, false, LAMBDA);
        double[] x = new double[theta.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = theta[j];
        }
        double[] v = new double[x.length];
        double[] g = new double[x.length];
        double[] values = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            values[e] = f.evaluate(x, g);
            double eta = schedule.rate(e, rate);
            eta = (float) eta;
            for (int j = 0; j < x.length; j++) {
                v[j] = mu * v[j] + g[j];
                x[j] -= eta * (nesterov ? g[j] + mu * v[j] : v[j]);
            }
        }

        List<Progress> seen = new ArrayList<>();
        long before = System.nanoTime();
        double last = sgd.train(model, data, LAMBDA, seen::add);
        double elapsed = (System.nanoTime() - before) * 1e-9;
        for (int j = 0; j < x.length; j++) {
            assertEquals(x[j], theta[j], 2e-5, "parameter " + j);
        }
        assertEquals(values[epochs - 1], last, 1e-5, "the last epoch's value is J where its step started");
        assertEquals(epochs, seen.size());
        for (int e = 0; e < epochs; e++) {
            Progress p = seen.get(e);
            assertEquals(e + 1, p.iteration());
            assertEquals(e + 1, p.evaluations(), "one step per epoch");
            assertEquals(values[e], p.value(), 1e-5, "epoch " + e);
            assertEquals((float) schedule.rate(e, rate), p.step(), 0);
            assertEquals((long) (e + 1) * data.rows(), p.examplesSeen());
            assertTrue(p.accuracy() >= 0 && p.accuracy() <= 1);
            assertTrue(p.elapsedSeconds() >= 0 && p.elapsedSeconds() <= elapsed, p.toString());
        }
    }

    @Test
    void accuracyIsCountedBeforeEachStep() {
        Dataset data = TrainingData.clusters(50, FEATURES, CLASSES, 5);
        SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
        for (int j = 0; j < model.parameters().length; j++) {
            model.parameters()[j] = (float) Math.sin(j);
        }
        double expected = model.accuracy(data);
        List<Progress> seen = new ArrayList<>();
        new Sgd(Sgd.Options.defaults().withEpochs(1).withBatchSize(50)).train(model, data, 0, seen::add);
        assertEquals(expected, seen.get(0).accuracy(), 0, "one full batch: the accuracy at the start");
    }

    @Test
    void badArgumentsAreRefused() {
        Sgd sgd = new Sgd(Sgd.Options.defaults().withEpochs(1));
        SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
        Dataset data = TrainingData.clusters(10, FEATURES, CLASSES, 1);
        assertThrows(IllegalArgumentException.class, () -> sgd.train(model,
                TrainingData.clusters(10, FEATURES + 1, CLASSES, 1), 0, ProgressListener.NONE), "feature count");
        assertThrows(IllegalArgumentException.class, () -> sgd.train(
                new SoftmaxRegression(CLASSES - 1, FEATURES, SoftmaxRegression.Options.defaults()), data, 0,
                ProgressListener.NONE), "a label outside [0, K)");
        assertThrows(IllegalArgumentException.class, () -> sgd.train(model, data, -1, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(model, data, Double.POSITIVE_INFINITY,
                ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.train(model,
                new Dataset(new float[0], new int[0], FEATURES), 0, ProgressListener.NONE), "no rows");
        CandidateSampler uniform = CandidateSampler.uniform(CLASSES);
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(
                new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults().withPivot(true)), data, 0,
                uniform, 2, ProgressListener.NONE), "a pivot");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(model, data, 0,
                CandidateSampler.uniform(CLASSES + 1), 2, ProgressListener.NONE), "the sampler's range");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(model, data, 0, uniform, 0,
                ProgressListener.NONE), "no negatives");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(model, data, 0, uniform, CLASSES + 1,
                ProgressListener.NONE), "more negatives than classes");
        // The bounds themselves are accepted.
        sgd.trainSampled(model, data, 0, uniform, 1, ProgressListener.NONE);
        sgd.trainSampled(model, data, 0, uniform, CLASSES, ProgressListener.NONE);
    }

    @Test
    void sampledTrainingReportsItsMeanLossAndLowersIt() {
        Dataset data = TrainingData.prototypes(400, FEATURES, 30, 9);
        SoftmaxRegression model = new SoftmaxRegression(30, FEATURES, SoftmaxRegression.Options.defaults());
        List<Progress> seen = new ArrayList<>();
        double last = new Sgd(Sgd.Options.defaults().withEpochs(4).withBatchSize(32).withLearningRate(0.1)
                .withMomentum(0.5)).trainSampled(model, data, 1e-4, CandidateSampler.uniform(30), 8, seen::add);
        assertEquals(4, seen.size());
        assertEquals(seen.get(3).value(), last, 0);
        assertTrue(last > 0 && last < seen.get(0).value(), "the sampled loss falls: " + seen);
        assertEquals(4L * 13, seen.get(3).evaluations(), "13 batches of ≤ 32 per epoch");
        assertTrue(Double.isNaN(seen.get(0).accuracy()), "sampled steps do not see every logit");
    }
}
