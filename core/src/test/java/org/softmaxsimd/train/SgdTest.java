package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SgdTest {

    private static SoftmaxRegression train(boolean nesterov, boolean pivot, long seed, List<Progress> progress) {
        Dataset train = TrainingData.mnist().train();
        SoftmaxRegression model = new SoftmaxRegression(10, train.features(), true, pivot);
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
        assertArrayEquals(model.parameters(), train(false, false, 7, new ArrayList<>()).parameters(),
                "same seed, same model");
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
    void rejectsBadOptions() {
        Sgd.Schedule constant = Sgd.Schedule.constant();
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(0, 1, 0.1, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 0, 0.1, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 1, 0, 0, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(1, 1, 0.1, 1, false, constant, 1));
        assertThrows(IllegalArgumentException.class, () -> Sgd.Schedule.stepDecay(0, 0.5));
    }
}
