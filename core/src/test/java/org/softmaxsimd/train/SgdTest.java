package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.sampled.CandidateSampler;

class SgdTest {

    private static SoftmaxRegression train(boolean nesterov, boolean pivot, long seed, List<Progress> progress) {
        Dataset train = TrainingData.mnist().train();
        SoftmaxRegression model = new SoftmaxRegression(10, train.features(),
                SoftmaxRegression.Options.defaults().withPivot(pivot));
        Sgd.Options options = new Sgd.Options(3, 64, 0.1, 0.9, nesterov, Sgd.Schedule.stepDecay(2, 0.5), seed);
        new Sgd(options).train(model, train, 1e-4, progress::add);
        return model;
    }

    @Test
    void learnsMnistReproduciblyAndReportsEachEpoch() {
        List<Progress> progress = new ArrayList<>();
        SoftmaxRegression model = train(false, false, 7, progress);
        double test = model.accuracy(TrainingData.mnist().test());
        assertTrue(test > 0.85, "test accuracy " + test);
        assertEquals(3, progress.size());
        assertEquals(0.05, progress.get(2).step(), 1e-8, "step decay halves the rate after 2 epochs");
        assertTrue(progress.get(2).value() < progress.get(0).value(), "the objective falls");
        assertTrue(progress.get(2).accuracy() > 0.85, "epoch accuracy " + progress.get(2).accuracy());
        // Compare two later runs: on JDK 23+ the kernels' lane sums round differently before C2 compiles them.
        assertArrayEquals(train(false, false, 7, new ArrayList<>()).parameters(),
                train(false, false, 7, new ArrayList<>()).parameters(), "same seed, same model");
    }

    @Test
    void nesterovLearnsAndThePivotStaysZero() {
        SoftmaxRegression model = train(true, true, 8, new ArrayList<>());
        double test = model.accuracy(TrainingData.mnist().test());
        assertTrue(test > 0.85, "test accuracy " + test);
        float[] p = model.parameters();
        for (int j = 9 * 784; j < 10 * 784; j++) {
            assertEquals(0f, p[j], "pivot weight " + j);
        }
        assertEquals(0f, p[model.biasOffset() + 9], "pivot bias");
    }

    @Test
    void drivesSampledSoftmaxWithSparseMomentumSteps() {
        int classes = 400;
        int features = 16;
        Dataset train = TrainingData.prototypes(8000, features, classes, 21);
        CandidateSampler sampler = CandidateSampler.uniform(classes);
        Sgd sgd = new Sgd(new Sgd.Options(4, 32, 0.05, 0.9, true, Sgd.Schedule.constant(), 5));
        SoftmaxRegression model = new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults());
        double before = model.objective(train, 1e-5);
        List<Progress> progress = new ArrayList<>();
        sgd.trainSampled(model, train, 1e-5, sampler, 24, progress::add);
        double after = model.objective(train, 1e-5);
        System.out.printf("sampled SGD, K = %d, S = 24: full-softmax objective %.4f -> %.4f, train accuracy %.3f%n",
                classes, before, after, model.accuracy(train));
        assertEquals(4, progress.size());
        assertTrue(after < 0.25 * before, "full-softmax objective " + before + " -> " + after);
        assertTrue(model.accuracy(train) > 0.8, "accuracy " + model.accuracy(train));
        // Compare the last two of several runs (warm kernels, see above: on JDK 23+ a run during which C2 compiles
        // one more kernel can differ in the last bit, and a loaded CI machine compiles late).
        SoftmaxRegression again = null;
        SoftmaxRegression third = null;
        for (int run = 0; run < 6; run++) {
            again = third;
            third = new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults());
            sgd.trainSampled(third, train, 1e-5, sampler, 24, ProgressListener.NONE);
        }
        assertArrayEquals(again.parameters(), third.parameters(), "same seed, same model");
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(
                new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults().withPivot(true)), train,
                        0, sampler, 24, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> sgd.trainSampled(model, train, 0,
                CandidateSampler.uniform(classes + 1), 24, ProgressListener.NONE));
    }

    @Test
    void rejectsBadOptions() {
        Sgd.Schedule constant = Sgd.Schedule.constant();
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(0, 1, 0.1, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 0, 0.1, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 1, 0, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 1, 0.1, 1, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Schedule.stepDecay(0, 0.5));
    }
}
