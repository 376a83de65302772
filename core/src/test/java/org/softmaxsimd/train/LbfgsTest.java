package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** f(a, b) = (1 − a)² + 100(b − a²)², minimum 0 at (1, 1). */
    private static final Objective ROSENBROCK = new Objective() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public double evaluate(double[] x, double[] g) {
            double a = x[0];
            double b = x[1];
            g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
            g[1] = 200 * (b - a * a);
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        }
    };

    @Test
    void findsTheRosenbrockMinimum() {
        double[] x = {-1.2, 1.0};
        List<Progress> seen = new ArrayList<>();
        Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(1e-10))
                .minimize(ROSENBROCK, x, 1, seen::add);
        // At f ≈ 1e-22 an iteration's decrease is below 1e-13 of max(|f|, 1): either rule may end the run.
        assertTrue(result.reason() == Lbfgs.StopReason.GRADIENT_NORM
                || result.reason() == Lbfgs.StopReason.RELATIVE_DECREASE, result.toString());
        assertTrue(result.value() < 1e-15, result.toString());
        assertEquals(1.0, x[0], 1e-8);
        assertEquals(1.0, x[1], 1e-8);
        assertTrue(result.iterations() < 100, result.toString());
        assertEquals(result.iterations(), seen.size(), "one progress report per iteration");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).value() <= seen.get(i - 1).value(), "f never rises");
        }
    }

    @Test
    void stopsAtTheIterationLimit() {
        double[] x = {-1.2, 1.0};
        Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(3))
                .minimize(ROSENBROCK, x, 1, ProgressListener.NONE);
        assertEquals(Lbfgs.StopReason.MAX_ITERATIONS, result.reason());
        assertEquals(3, result.iterations());
    }

    @Test
    void rejectsBadOptionsAndStart() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs.Options(0, 10, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs.Options(5, 0, 0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs.Options(5, 10, -1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs.Options(5, 10, 0, Double.NaN, 10));
        Lbfgs lbfgs = new Lbfgs(Lbfgs.Options.defaults());
        assertThrows(IllegalArgumentException.class, () -> lbfgs.minimize(ROSENBROCK, new double[3], 1,
                ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> lbfgs.minimize(ROSENBROCK,
                new double[] {Double.NaN, 0}, 1, ProgressListener.NONE));
    }
}
