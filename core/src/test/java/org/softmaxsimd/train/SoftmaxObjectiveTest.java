package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftmaxObjectiveTest {
    private static final int K = 7;
    private static final int D = 37;

    private static double[] randomTheta(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = (float) (0.3 * TrainingData.nextGaussian(random));
        }
        return theta;
    }

    @ParameterizedTest(name = "bias {0}, pivot {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void valueAndGradientMatchFloat64(boolean bias, boolean pivot) {
        Dataset data = TrainingData.clusters(600, D, K, 11);
        SoftmaxRegression model = new SoftmaxRegression(K, D,
                SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
        Float64Objective reference = new Float64Objective(data, K, bias, pivot, 1e-2);
        try (SoftmaxObjective objective = new SoftmaxObjective(model, data, 1e-2, 2)) {
            double[] theta = randomTheta(objective.dimension(), 5);
            objective.roundToStorage(theta);
            double[] g = new double[theta.length];
            double[] g64 = new double[theta.length];
            double j = objective.evaluate(theta, g);
            double j64 = reference.evaluate(theta, g64);
            SoftmaxRegression evaluated = new SoftmaxRegression(K, D,
                    SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
            objective.copyInto(theta, evaluated);
            assertEquals(evaluated.accuracy(data), objective.lastAccuracy(), 0.0, "accuracy seen by the objective");
            assertEquals(j64, j, 1e-6 * j64, "J");
            double scale = Lbfgs.normInf(g64);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g64[i], g[i], 1e-6 * scale, "gradient[" + i + "]");
            }
            if (pivot) {
                for (int i = (K - 1) * D; i < K * D; i++) {
                    assertEquals(0.0, g[i], "pivot gradient");
                }
            }
        }
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Dataset data = TrainingData.clusters(5000, D, K, 3);
        SoftmaxRegression model = new SoftmaxRegression(K, D, SoftmaxRegression.Options.defaults());
        double[] theta = randomTheta(model.parameters().length, 9);
        double[] first = null;
        double firstValue = 0;
        for (int threads : new int[] {1, 2, 4, 3}) {
            try (SoftmaxObjective objective = new SoftmaxObjective(model, data, 1e-3, threads)) {
                objective.roundToStorage(theta);
                double[] g = new double[theta.length];
                // Warm up: the kernels' lane sums are ordered alike only once C2 has compiled them (JDK 23+).
                for (int i = 0; i < 40; i++) {
                    objective.evaluate(theta, g);
                }
                double value = objective.evaluate(theta, g);
                if (first == null) {
                    first = g;
                    firstValue = value;
                } else {
                    assertEquals(Double.doubleToRawLongBits(firstValue), Double.doubleToRawLongBits(value),
                            threads + " threads: J");
                    assertArrayEquals(first, g, 0.0, threads + " threads: gradient");
                }
            }
        }
    }

    @Test
    void gradientCheckPassesInFloat32AndFloat64() {
        Dataset data = TrainingData.clusters(600, D, K, 12);
        SoftmaxRegression model = new SoftmaxRegression(K, D, SoftmaxRegression.Options.defaults());
        try (SoftmaxObjective objective = new SoftmaxObjective(model, data, 1e-2, 1)) {
            double[] theta = randomTheta(objective.dimension(), 13);
            GradientCheck.Result float32 = GradientCheck.check(objective, theta, 60, 1e-2, 1);
            assertTrue(float32.relativeError() < 1e-3, "float32: " + float32);
            GradientCheck.Result float64 = GradientCheck.check(new Float64Objective(data, K, true, false, 1e-2),
                    theta, 60, 1e-5, 1);
            assertTrue(float64.relativeError() < 1e-7, "float64: " + float64);
        }
    }

    @Test
    void gradientCheckFailsOnAWrongGradient() {
        Dataset data = TrainingData.clusters(300, D, K, 14);
        Float64Objective right = new Float64Objective(data, K, false, false, 1e-2);
        Objective wrong = new Objective() {
            @Override
            public int dimension() {
                return right.dimension();
            }

            @Override
            public double evaluate(double[] x, double[] gradient) {
                double value = right.evaluate(x, gradient);
                gradient[D + 3] *= 1.05; // one coordinate off by 5%
                return value;
            }
        };
        double[] theta = randomTheta(right.dimension(), 15);
        GradientCheck.Result result = GradientCheck.check(wrong, theta, wrong.dimension() * 3, 1e-5, 2);
        assertTrue(result.relativeError() > 1e-7, "must catch the error: " + result);
        assertEquals(D + 3, result.worstCoordinate());
    }

    @Test
    void rejectsBadInput() {
        Dataset data = TrainingData.clusters(10, D, K, 1);
        SoftmaxRegression model = new SoftmaxRegression(K, D, SoftmaxRegression.Options.defaults());
        IllegalArgumentException features = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxObjective(new SoftmaxRegression(K, D + 1, SoftmaxRegression.Options.defaults()), data,
                        0, 1));
        assertTrue(features.getMessage().contains("features"), features.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxObjective(new SoftmaxRegression(2, D, SoftmaxRegression.Options.defaults()), data, 0,
                        1));
        assertTrue(label.getMessage().startsWith("labels["), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxObjective(model, data, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxObjective(model, data, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxObjective(model, data, 0, 0));
        try (SoftmaxObjective objective = new SoftmaxObjective(model, data, 0, 1)) {
            assertThrows(IllegalArgumentException.class, () -> objective.evaluate(new double[3], new double[3]));
        }
    }
}
