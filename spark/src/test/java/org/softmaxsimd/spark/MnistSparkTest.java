package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * mnist-10k (8000 × 784, λ = 1e-3, intercept) on Spark in local[2] reaches the optimum that core's
 * MnistOptimumTest checks against SciPy's L-BFGS-B in float64, within 1e-6 relative, with exactly the
 * coefficients of a local fit.
 */
class MnistSparkTest {

    /** SciPy's J* (tools/scipy_reference.py, ftol 1e-15, gtol 1e-10), as in core's MnistOptimumTest. */
    private static final double SCIPY_OPTIMUM = 0.2756414521265074;

    @Test
    void reachesSciPysOptimumWithTheLocalFitsCoefficients() throws Exception {
        MnistDirectory mnist = SparkTestSession.mnist();
        SoftmaxRegression local = new SoftmaxRegression(10, 784, SoftmaxRegression.Options.defaults());
        try (SoftmaxObjective objective = new SoftmaxObjective(local, mnist.train(), 1e-3, 2)) {
            double[] theta = objective.parametersOf(local);
            new Lbfgs(Lbfgs.Options.defaults()).minimize(objective, theta, mnist.train().rows(), ProgressListener.NONE);
            objective.copyInto(theta, local);
        }
        SoftmaxSimdClassificationModel model = new SoftmaxSimdClassifier().setRegParam(1e-3)
                .fit(SparkTestSession.frame(mnist.train(), 2, false));
        double[] history = model.summary().objectiveHistory();
        double j = history[history.length - 1];
        double gap = (j - SCIPY_OPTIMUM) / SCIPY_OPTIMUM;
        System.out.printf("Spark local[2], mnist-10k, lambda 1e-3 + intercept: J %.12f, SciPy %.12f, gap %.2e, "
                + "%d iterations, %d evaluations, %.2f s, %s%n", j, SCIPY_OPTIMUM, gap,
                model.summary().totalIterations(), model.summary().evaluations(), model.summary().seconds(),
                model.summary().executorKernels());
        assertTrue(Math.abs(gap) <= 1e-6, "relative gap to SciPy's J*: " + gap);
        Bits.assertBitwise(local.parameters(), model.toSoftmaxRegression().parameters(),
                "Spark's coefficients are the local fit's");
        double accuracy = model.toSoftmaxRegression().accuracy(mnist.test());
        assertTrue(accuracy > 0.90, "test accuracy " + accuracy);
    }
}
