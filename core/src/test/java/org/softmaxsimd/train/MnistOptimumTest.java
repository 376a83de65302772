package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.softmaxsimd.io.MnistDirectory;

/**
 * L-BFGS on the real mnist-10k digits reaches the optimum of the seed's objective: the final J, evaluated in
 * float64 by test code, is within 1e-6 (relative) of (a) a float64 minimisation in test code started from our
 * point and run to a gradient 100× smaller, and (b) SciPy's L-BFGS-B optimum (tools/scipy_reference.py, run
 * once on this data; the figures are in README.md).
 */
@Tag("slow")
class MnistOptimumTest {

    @ParameterizedTest(name = "lambda {0}, bias {1}")
    @CsvSource({
            "1e-4, false, 0.14876675237769704",
            "1e-4, true, 0.1434060787827669",
            "1e-3, false, 0.28346432678026984",
            "1e-3, true, 0.2756414521265074",
            "1e-2, false, 0.5263577634543471",
            "1e-2, true, 0.5146765535585187"})
    void reachesTheFloat64Optimum(double lambda, boolean bias, double scipyOptimum) {
        MnistDirectory mnist = TrainingData.mnist();
        Dataset train = mnist.train();
        SoftmaxRegression model = new SoftmaxRegression(10, train.features(),
                SoftmaxRegression.Options.defaults().withBias(bias));
        Lbfgs.Result result;
        double[] theta;
        try (SoftmaxObjective objective = new SoftmaxObjective(model, train, lambda, 2)) {
            theta = objective.parametersOf(model);
            result = new Lbfgs(Lbfgs.Options.defaults()).minimize(objective, theta, train.rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
        }
        Float64Objective exact = new Float64Objective(train, 10, bias, false, lambda);
        double[] g = new double[theta.length];
        double ours = exact.evaluate(theta, g);
        double[] polished = theta.clone();
        Lbfgs.Result polish = new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(Lbfgs.normInf(g) / 100)
                .withMaxIterations(300)).minimize(exact, polished, train.rows(), ProgressListener.NONE);
        double trainAccuracy = model.accuracy(train);
        double testAccuracy = model.accuracy(mnist.test());
        System.out.printf("lambda %g bias %s: J %.12f (float32 %.12f), float64 polish %.12f (%d iterations,"
                        + " %s), SciPy %.12f; %d iterations, %d evaluations, %.2f s, %s; train %.4f test %.4f%n",
                lambda, bias, ours, result.value(), polish.value(), polish.iterations(), polish.reason(),
                scipyOptimum, result.iterations(), result.evaluations(), result.seconds(), result.reason(),
                trainAccuracy, testAccuracy);
        assertEquals(ours, result.value(), 1e-6 * ours, "float32 J vs float64 J at the same point");
        assertTrue(ours - polish.value() <= 1e-6 * polish.value(), "gap to the polished optimum: "
                + (ours - polish.value()));
        assertEquals(scipyOptimum, ours, 1e-6 * scipyOptimum, "SciPy's optimum");
        if (lambda == 1e-3 && bias) {
            assertTrue(testAccuracy >= 0.90, "test accuracy " + testAccuracy);
        }
    }

    @Test
    void trainingIsBitwiseIdenticalForOneTwoAndFourThreads() {
        Dataset train = TrainingData.mnist().train();
        float[] first = null;
        double firstValue = 0;
        for (int threads : new int[] {1, 2, 4}) {
            SoftmaxRegression model = new SoftmaxRegression(10, train.features(), SoftmaxRegression.Options.defaults());
            try (SoftmaxObjective objective = new SoftmaxObjective(model, train, 1e-3, threads)) {
                double[] theta = objective.parametersOf(model);
                // Warm the kernels up first (see SoftmaxObjective: tiers round lane sums alike on JDK 23+ only
                // once C2 has compiled them).
                for (int i = 0; i < 30; i++) {
                    objective.evaluate(theta, new double[theta.length]);
                }
                Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(40)).minimize(objective,
                        theta, train.rows(), ProgressListener.NONE);
                objective.copyInto(theta, model);
                if (first == null) {
                    first = model.parameters().clone();
                    firstValue = result.value();
                } else {
                    assertEquals(Double.doubleToRawLongBits(firstValue), Double.doubleToRawLongBits(result.value()),
                            threads + " threads: J");
                    assertArrayEquals(first, model.parameters(), threads + " threads: theta");
                }
            }
        }
    }
}
