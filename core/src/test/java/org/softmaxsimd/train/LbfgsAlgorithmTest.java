package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

import org.junit.jupiter.api.Test;

/**
 * The parts of {@link Lbfgs} against independent statements of what they compute: the two-loop recursion
 * against the dense BFGS inverse-Hessian update, the interpolation against cubics with known minimisers, the
 * line search against the strong Wolfe conditions at every accepted point and against hand-computed trial
 * steps, and each stopping rule on an objective built to trigger it.
 */
class LbfgsAlgorithmTest {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;

    // ---- the two-loop recursion

    @Test
    void twoLoopRecursionEqualsTheDenseInverseUpdate() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 5;
        double[][] a = spd(random, n);
        for (int memory : new int[] {1, 2, 3, 6}) {
            Lbfgs.CurvatureHistory history = new Lbfgs.CurvatureHistory(memory, n);
            List<double[][]> pairs = new ArrayList<>();
            double[] x = randomVector(random, n);
            double[] g = multiply(a, x);
            for (int k = 0; k < 4; k++) {
                double[] xNext = randomVector(random, n);
                double[] gNext = multiply(a, xNext);
                history.add(x, xNext, g, gNext);
                pairs.add(new double[][] {subtract(xNext, x), subtract(gNext, g)});
                x = xNext;
                g = gNext;
                double[] q = randomVector(random, n);
                double[] d = new double[n];
                history.direction(q, d);
                double[] expected = multiply(denseInverse(pairs.subList(Math.max(0, pairs.size() - memory),
                        pairs.size()), n), q);
                for (int i = 0; i < n; i++) {
                    assertEquals(-expected[i], d[i], 1e-10 * (1 + Math.abs(expected[i])),
                            "memory " + memory + ", " + pairs.size() + " pairs, component " + i);
                }
            }
        }
    }

    @Test
    void pairsWithoutPositiveCurvatureAreSkippedAndClearForgetsAll() {
        int n = 3;
        Lbfgs.CurvatureHistory history = new Lbfgs.CurvatureHistory(4, n);
        double[] q = {1, -2, 0.5};
        double[] d = new double[n];
        history.direction(q, d);
        assertArrayEquals(new double[] {-1, 2, -0.5}, d, 0, "no pairs: steepest descent");
        // s·y < 0: skipped, the direction stays −q.
        history.add(new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 0}, new double[] {-2, 0, 0});
        history.direction(q, d);
        assertArrayEquals(new double[] {-1, 2, -0.5}, d, 0);
        // A pair with s·y > 0 scales: y = 2s gives H = I/2 along s and (sᵀy/yᵀy) = 1/2 elsewhere.
        history.add(new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 0}, new double[] {2, 0, 0});
        history.direction(q, d);
        assertArrayEquals(new double[] {-0.5, 1, -0.25}, d, 1e-15);
        history.clear();
        history.direction(q, d);
        assertArrayEquals(new double[] {-1, 2, -0.5}, d, 0, "cleared: steepest descent again");
    }

    /** H from the pairs (oldest first) by H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ from H₀ = γI, γ of the newest pair. */
    private static double[][] denseInverse(List<double[][]> pairs, int n) {
        double[][] newest = pairs.get(pairs.size() - 1);
        double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = gamma;
        }
        for (double[][] pair : pairs) {
            double[] s = pair[0];
            double[] y = pair[1];
            double rho = 1 / dot(s, y);
            double[][] v = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    v[i][j] = (i == j ? 1 : 0) - rho * s[i] * y[j];
                }
            }
            double[][] next = multiply(multiply(v, h), transpose(v));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[i][j] += rho * s[i] * s[j];
                }
            }
            h = next;
        }
        return h;
    }

    // ---- the interpolation

    @Test
    void cubicInterpolationFindsTheMinimiserOfACubicFromEitherEnd() {
        // φ(t) = t³ − 0.27t: minimiser 0.3; φ(0) = 0, φ'(0) = −0.27, φ(1) = 0.73, φ'(1) = 2.73.
        assertEquals(0.3, Lbfgs.LineSearch.cubicMinimum(0, 0, -0.27, 1, 0.73, 2.73), 1e-12);
        assertEquals(0.3, Lbfgs.LineSearch.cubicMinimum(1, 0.73, 2.73, 0, 0, -0.27), 1e-12);
        // A quadratic (t − 0.7)² on [0.5, 1.5]: its minimiser 0.7 exactly.
        assertEquals(0.7, Lbfgs.LineSearch.cubicMinimum(0.5, 0.04, -0.4, 1.5, 0.64, 1.6), 1e-12);
    }

    @Test
    void interpolationFallsBackToTheMidpointNearAnEndOrWithoutARealMinimiser() {
        // Minimiser 0.05 is within 10% of the end 0: bisect.
        assertEquals(0.5, Lbfgs.LineSearch.cubicMinimum(0, 0.0025, -0.1, 1, 0.9025, 1.9), 0);
        // Minimiser 0.95, within 10% of the end 1.
        assertEquals(0.5, Lbfgs.LineSearch.cubicMinimum(0, 0.9025, -1.9, 1, 0.0025, 0.1), 0);
        // Just inside the margins it is kept: minimiser 0.12 and 0.88 of the interval.
        assertEquals(0.12, Lbfgs.LineSearch.cubicMinimum(0, 0.0144, -0.24, 1, 0.7744, 1.76), 1e-12);
        assertEquals(0.88, Lbfgs.LineSearch.cubicMinimum(0, 0.7744, -1.76, 1, 0.0144, 0.24), 1e-12);
        // d1 = 0 and ga·gb = 1 > 0: the radicand is negative, no real stationary point.
        assertEquals(0.5, Lbfgs.LineSearch.cubicMinimum(0, 0, 1, 1, 2.0 / 3, 1), 0);
        assertEquals(2.5, Lbfgs.LineSearch.cubicMinimum(3, 2.0 / 3, 1, 2, 0, 1), 0);
    }

    // ---- the line search and the iterations

    /** f(x) = ½‖x − c‖², c = (3, 4): the first trial is x₀ − min(1, 1/‖g‖)·g, then one Newton step. */
    @Test
    void firstStepIsTheInverseGradientNormThenTheScaledQuasiNewtonStep() {
        Recording f = new Recording(2, (x, g) -> {
            g[0] = x[0] - 3;
            g[1] = x[1] - 4;
            return 0.5 * (g[0] * g[0] + g[1] * g[1]);
        });
        double[] x = {0, 0};
        Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults()).minimize(f, x, 1, ProgressListener.NONE);
        assertEquals(3, f.points.size(), "start, the 1/‖g‖ step, the Newton step");
        assertArrayEquals(new double[] {0.6, 0.8}, f.points.get(1), 1e-15);
        assertArrayEquals(new double[] {3, 4}, f.points.get(2), 1e-14);
        assertEquals(Lbfgs.StopReason.GRADIENT_NORM, result.reason());
        assertEquals(2, result.iterations());
        assertEquals(3, result.evaluations());
        assertArrayEquals(new double[] {3, 4}, x, 1e-14);
    }

    /** A far minimum: the accepted-but-steep trial steps grow ×4 until the curvature condition holds. */
    @Test
    void shortStepsAreExpandedFourfold() {
        Recording f = new Recording(1, (x, g) -> {
            g[0] = x[0] - 100;
            return 0.5 * g[0] * g[0];
        });
        new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(1)).minimize(f, new double[] {0}, 1,
                ProgressListener.NONE);
        // Step 0.01 along d = 100: x = 1, then 4 and 16 (|φ'| = 8400 ≤ 0.9·10000 first at 16).
        assertEquals(4, f.points.size());
        assertEquals(1, f.points.get(1)[0], 1e-12);
        assertEquals(4, f.points.get(2)[0], 1e-12);
        assertEquals(16, f.points.get(3)[0], 1e-12);
    }

    /** The first trial overshoots the minimum and fails sufficient decrease: zoom interpolates back into it. */
    @Test
    void anOvershootIsZoomedBackIntoTheBracket() {
        // f(x) = 50(x − 0.2)² from 0: g = −20, step 1/20 along d = 20, so the trial is x = 1 with f = 32 > f(0) = 2.
        Recording f = new Recording(1, (x, g) -> {
            g[0] = 100 * (x[0] - 0.2);
            return 50 * (x[0] - 0.2) * (x[0] - 0.2);
        });
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(1)).minimize(f, new double[] {0}, 1,
                ProgressListener.NONE);
        assertEquals(1, f.points.get(1)[0], 1e-12);
        // The cubic through both ends of a quadratic is the quadratic: the zoom's trial is the minimiser.
        assertEquals(0.2, f.points.get(2)[0], 1e-12);
        assertEquals(3, f.points.size());
        assertEquals(1, r.iterations());
        assertEquals(0, r.value(), 1e-20);
    }

    @Test
    void everyAcceptedPointMeetsSufficientDecreaseAndMostTheCurvatureCondition() {
        List<Objective> objectives = List.of(rosenbrock(), illConditionedQuadratic(), logCosh());
        for (Objective objective : objectives) {
            for (double[] start : new double[][] {{-1.2, 1}, {2.5, -1.5}, {0.3, 3}}) {
                double[] x = start.clone();
                double[] previous = start.clone();
                double[] gPrevious = new double[2];
                double fPrevious = objective.evaluate(previous, gPrevious);
                int[] iterations = {0, 0};
                double[] gNow = new double[2];
                double[][] state = {previous, gPrevious, {fPrevious}};
                new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(1e-9)).minimize(objective, x, 1, p -> {
                    double fNow = objective.evaluate(x.clone(), gNow);
                    assertEquals(p.value(), fNow, 0, "the reported value is f at the new point");
                    double[] s = subtract(x, state[0]);
                    double slopeBefore = dot(state[1], s);
                    double slopeAfter = dot(gNow, s);
                    assertTrue(slopeBefore < 0, "a descent direction");
                    assertTrue(fNow <= state[2][0] + C1 * slopeBefore, "Armijo at iteration " + p.iteration());
                    iterations[0]++;
                    if (Math.abs(slopeAfter) <= C2 * -slopeBefore) {
                        iterations[1]++;
                    }
                    state[0] = x.clone();
                    state[1] = gNow.clone();
                    state[2][0] = fNow;
                });
                assertTrue(iterations[0] >= 2, "iterations " + iterations[0]);
                assertTrue(iterations[1] >= 0.8 * iterations[0], "strong Wolfe at " + iterations[1] + " of "
                        + iterations[0]);
            }
        }
    }

    // ---- the stopping rules

    @Test
    void aStartAtTheMinimumStopsWithoutAnIteration() {
        Recording f = new Recording(2, rosenbrockFunction());
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults()).minimize(f, new double[] {1, 1}, 1,
                ProgressListener.NONE);
        assertEquals(Lbfgs.StopReason.GRADIENT_NORM, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(0, r.value());
    }

    @Test
    void aFlatObjectiveStopsWithNoDecreaseAfterTheLineSearchBudget() {
        // Constant f with a non-zero (inconsistent) gradient: no trial point lowers f.
        Recording f = new Recording(2, (x, g) -> {
            g[0] = 1;
            g[1] = -1;
            return 5;
        });
        double[] x = {0.25, 0.5};
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults().withMaxLineSearchEvaluations(7)).minimize(f, x, 1,
                ProgressListener.NONE);
        assertEquals(Lbfgs.StopReason.NO_DECREASE, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(8, r.evaluations());
        assertEquals(8, f.points.size());
        assertArrayEquals(new double[] {0.25, 0.5}, x, 0, "x is left at the start");
        assertEquals(5, r.value());
    }

    @Test
    void theRelativeDecreaseRuleStopsAtTheFirstSmallDecrease() {
        double tolerance = 1e-3;
        List<Double> values = new ArrayList<>();
        double[] x = {-1.2, 1};
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults().withRelativeDecrease(tolerance).withGradientTolerance(0))
                .minimize(rosenbrock(), x, 1, p -> values.add(p.value()));
        assertEquals(Lbfgs.StopReason.RELATIVE_DECREASE, r.reason());
        double f0 = rosenbrock().evaluate(new double[] {-1.2, 1}, new double[2]);
        values.add(0, f0);
        for (int i = 1; i < values.size(); i++) {
            double before = values.get(i - 1);
            double after = values.get(i);
            double decrease = (before - after) / Math.max(Math.max(Math.abs(before), Math.abs(after)), 1.0);
            if (i < values.size() - 1) {
                assertTrue(decrease > tolerance, "iteration " + i + " decreased by " + decrease);
            } else {
                assertTrue(decrease <= tolerance, "last iteration decreased by " + decrease);
            }
        }
    }

    @Test
    void theLineSearchNeverExceedsItsEvaluationBudget() {
        for (int budget : new int[] {1, 2, 3}) {
            Recording f = new Recording(2, rosenbrockFunction());
            List<Long> evaluations = new ArrayList<>();
            evaluations.add(1L);
            Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults().withMaxLineSearchEvaluations(budget)
                    .withMaxIterations(50)).minimize(f, new double[] {-1.2, 1}, 1, p -> evaluations.add(p.evaluations()));
            for (int i = 1; i < evaluations.size(); i++) {
                long used = evaluations.get(i) - evaluations.get(i - 1);
                assertTrue(used >= 1 && used <= budget, "budget " + budget + ": " + used + " evaluations");
            }
            assertEquals(f.points.size(), r.evaluations());
        }
    }

    @Test
    void aNonFiniteGradientAtTheStartIsRejected() {
        Objective f = new Recording(1, (x, g) -> {
            g[0] = Double.NaN;
            return 0;
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs(Lbfgs.Options.defaults()).minimize(f, new double[1], 1, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
        assertTrue(Double.isNaN(Lbfgs.normInf(new double[] {1, Double.NaN, 2})));
        assertEquals(3, Lbfgs.normInf(new double[] {1, -3, 2}));
    }

    @Test
    void moreMemoryNeedsFewerIterationsOnRosenbrock() {
        int[] iterations = new int[2];
        int[] memories = {1, 10};
        for (int k = 0; k < 2; k++) {
            double[] x = {-1.2, 1};
            iterations[k] = new Lbfgs(Lbfgs.Options.defaults().withMemory(memories[k]).withGradientTolerance(1e-8))
                    .minimize(rosenbrock(), x, 1, ProgressListener.NONE).iterations();
            assertEquals(1, x[0], 1e-6);
        }
        assertTrue(iterations[1] < iterations[0], "memory 10: " + iterations[1] + ", memory 1: " + iterations[0]);
    }

    @Test
    void progressAndResultReportWallTimeAndExamples() {
        List<Progress> seen = new ArrayList<>();
        long before = System.nanoTime();
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults()).minimize(rosenbrock(), new double[] {-1.2, 1}, 7,
                seen::add);
        double elapsed = (System.nanoTime() - before) * 1e-9;
        assertTrue(r.seconds() >= 0 && r.seconds() <= elapsed, r.seconds() + " s of " + elapsed);
        double last = 0;
        for (Progress p : seen) {
            assertTrue(p.elapsedSeconds() >= last && p.elapsedSeconds() <= r.seconds(), p.toString());
            last = p.elapsedSeconds();
            assertEquals(7 * p.evaluations(), p.examplesSeen(), "examples = evaluations × examples per evaluation");
        }
    }

    @Test
    void everyEvaluatedPointIsFirstRoundedToStorage() {
        Recording f = new Recording(2, rosenbrockFunction()) {
            @Override
            public void roundToStorage(double[] x) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) x[i];
                }
            }
        };
        new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(20)).minimize(f, new double[] {-1.2, 1}, 1,
                ProgressListener.NONE);
        assertTrue(f.points.size() > 20);
        for (double[] x : f.points) {
            for (double v : x) {
                assertEquals((float) v, v, 0, "a point not rounded to float: " + v);
            }
        }
    }

    /** ‖∇f‖∞ equal to the tolerance stops (the rule is ≤), at the start and after an iteration. */
    @Test
    void aGradientNormEqualToTheToleranceStops() {
        Recording half = new Recording(1, (x, g) -> {
            g[0] = x[0];
            return 0.5 * x[0] * x[0];
        });
        Lbfgs.Result atStart = new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(0.5)).minimize(half,
                new double[] {0.5}, 1, ProgressListener.NONE);
        assertEquals(Lbfgs.StopReason.GRADIENT_NORM, atStart.reason());
        assertEquals(0, atStart.iterations());
        // ½‖x − (3, 4)‖² from 0: the first point is 0.2·(3, 4), where ‖g‖∞ = |0.2·4 − 4|, computed as Lbfgs does.
        double step = Math.min(1.0, 1.0 / Math.sqrt(3.0 * 3.0 + 4.0 * 4.0));
        double tolerance = Math.max(Math.abs(0 + step * 3.0 - 3), Math.abs(0 + step * 4.0 - 4));
        Recording quadratic = new Recording(2, (x, g) -> {
            g[0] = x[0] - 3;
            g[1] = x[1] - 4;
            return 0.5 * (g[0] * g[0] + g[1] * g[1]);
        });
        Lbfgs.Result afterOne = new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(tolerance))
                .minimize(quadratic, new double[2], 1, ProgressListener.NONE);
        assertEquals(Lbfgs.StopReason.GRADIENT_NORM, afterOne.reason());
        assertEquals(1, afterOne.iterations());
        assertEquals(tolerance, afterOne.gradientNorm());
    }

    @Test
    void theExpansionStopsAtTheEvaluationBudgetWithItsBestPoint() {
        Recording f = new Recording(1, (x, g) -> {
            g[0] = x[0] - 100;
            return 0.5 * g[0] * g[0];
        });
        double[] x = {0};
        new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(1).withMaxLineSearchEvaluations(2)).minimize(f, x, 1,
                ProgressListener.NONE);
        assertEquals(3, f.points.size(), "the start and two trials (x = 1, 4)");
        assertEquals(4, x[0], 1e-12);
    }

    /** A pair is kept when sᵀy > 1e-16·‖s‖‖y‖: here sᵀy = 1e-15 against 2e-15 (dropped) and then 2·(…) (kept). */
    @Test
    void theCurvatureThresholdIsRelativeToBothNorms() {
        double[] q = {1, 1};
        double[] d = new double[2];
        Lbfgs.CurvatureHistory history = new Lbfgs.CurvatureHistory(3, 2);
        history.add(new double[2], new double[] {10, 0}, new double[2], new double[] {1e-16, 2});
        history.direction(q, d);
        assertArrayEquals(new double[] {-1, -1}, d, 0, "sᵀy = 1e-15 < 1e-16·10·2: dropped");
        history.add(new double[2], new double[] {10, 0}, new double[2], new double[] {3e-16, 2});
        history.direction(q, d);
        assertTrue(d[0] != -1 || d[1] != -1, "sᵀy = 3e-15 > 2e-15: kept");
    }

    @Test
    void theRelativeDecreaseRuleIsRelativeToLargeValues() {
        // The same iterations as on Rosenbrock scaled by 1e4 + offset 1e4: |f| ≥ 1 throughout.
        Objective scaled = new Recording(2, (x, g) -> {
            double value = rosenbrockFunction().applyAsDouble(x, g);
            g[0] *= 1e4;
            g[1] *= 1e4;
            return 1e4 + 1e4 * value;
        });
        List<Double> values = new ArrayList<>();
        double[] x = {-1.2, 1};
        double tolerance = 1e-5;
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.defaults().withRelativeDecrease(tolerance).withGradientTolerance(0))
                .minimize(scaled, x, 1, p -> values.add(p.value()));
        assertEquals(Lbfgs.StopReason.RELATIVE_DECREASE, r.reason());
        double before = values.get(values.size() - 2);
        double after = values.get(values.size() - 1);
        assertTrue((before - after) / Math.abs(before) <= tolerance);
        assertTrue((before - after) > tolerance, "an absolute decrease above the tolerance: the rule is relative");
    }

    // ---- helpers

    /** An objective that records each point it is evaluated at. */
    private static class Recording implements Objective {
        final List<double[]> points = new ArrayList<>();
        private final int dimension;
        private final ToDoubleBiFunction<double[], double[]> function;

        Recording(int dimension, ToDoubleBiFunction<double[], double[]> function) {
            this.dimension = dimension;
            this.function = function;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public double evaluate(double[] x, double[] gradient) {
            points.add(x.clone());
            return function.applyAsDouble(x, gradient);
        }
    }

    private static ToDoubleBiFunction<double[], double[]> rosenbrockFunction() {
        return (x, g) -> {
            double a = x[0];
            double b = x[1];
            g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
            g[1] = 200 * (b - a * a);
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        };
    }

    private static Objective rosenbrock() {
        return new Recording(2, rosenbrockFunction());
    }

    private static Objective illConditionedQuadratic() {
        return new Recording(2, (x, g) -> {
            g[0] = 1000 * (x[0] - 0.5) + 3 * x[1];
            g[1] = 3 * (x[0] - 0.5) + 0.1 * x[1];
            return 500 * (x[0] - 0.5) * (x[0] - 0.5) + 3 * (x[0] - 0.5) * x[1] + 0.05 * x[1] * x[1];
        });
    }

    private static Objective logCosh() {
        return new Recording(2, (x, g) -> {
            g[0] = Math.tanh(x[0] - 1);
            g[1] = 3 * Math.tanh(3 * (x[1] + 2));
            return Math.log(Math.cosh(x[0] - 1)) + Math.log(Math.cosh(3 * (x[1] + 2)));
        });
    }

    private static double[][] spd(SplittableRandom random, int n) {
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextDouble(-1, 1);
            }
        }
        double[][] a = multiply(b, transpose(b));
        for (int i = 0; i < n; i++) {
            a[i][i] += 0.5;
        }
        return a;
    }

    private static double[] randomVector(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-2, 2);
        }
        return v;
    }

    private static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = dot(a[i], x);
        }
        return y;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        int n = a.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] - b[i];
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
