package org.softmaxsimd.train;

import java.util.Objects;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithms 7.4 and 7.5): the two-loop
 * recursion over the last {@code memory} curvature pairs, with a line search that ends on the strong Wolfe
 * conditions (c1 = 1e-4, c2 = 0.9; bracketing then zoom with safeguarded cubic interpolation, algorithms 3.5
 * and 3.6). All vectors are float64; every trial point is first rounded with {@link Objective#roundToStorage},
 * so the curvature pairs are exact differences of evaluated points.
 *
 * <p>Stops when ‖∇f‖∞ ≤ {@code gradientTolerance}, when the relative decrease of one iteration
 * (f_prev − f)/max(|f_prev|, |f|, 1) is ≤ {@code relativeDecrease}, after {@code maxIterations}, or when no
 * trial point of a line search lowers f (the objective is flat to its rounding there: the optimum within the
 * precision of the evaluation). A line search that lowers f without meeting the curvature condition still
 * takes its best point. Not thread-safe; the objective may use threads itself.
 */
public final class Lbfgs {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;

    private final Options options;

    /**
     * An optimizer with these options.
     *
     * @param options the stopping rules and memory
     */
    public Lbfgs(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * The stopping rules and the memory.
     *
     * @param memory                   curvature pairs kept (m ≥ 1; 10 by default)
     * @param maxIterations            iterations at most (≥ 1)
     * @param gradientTolerance        stop when ‖∇f‖∞ is at most this (≥ 0)
     * @param relativeDecrease         stop when one iteration lowers f by at most this, relative (≥ 0)
     * @param maxLineSearchEvaluations evaluations per line search at most (≥ 1)
     */
    public record Options(int memory, int maxIterations, double gradientTolerance, double relativeDecrease,
                          int maxLineSearchEvaluations) {

        /**
         * Checks each bound.
         *
         * @param memory curvature pairs kept (m ≥ 1; 10 by default)
         * @param maxIterations iterations at most (≥ 1)
         * @param gradientTolerance stop when ‖∇f‖∞ is at most this (≥ 0)
         * @param relativeDecrease stop when one iteration lowers f by at most this, relative (≥ 0)
         * @param maxLineSearchEvaluations evaluations per line search at most (≥ 1)
         */
        public Options {
            if (memory < 1) {
                throw new IllegalArgumentException("memory must be >= 1, but was " + memory);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, but was " + maxIterations);
            }
            if (!(gradientTolerance >= 0)) {
                throw new IllegalArgumentException("gradientTolerance must be >= 0, but was " + gradientTolerance);
            }
            if (!(relativeDecrease >= 0)) {
                throw new IllegalArgumentException("relativeDecrease must be >= 0, but was " + relativeDecrease);
            }
            if (maxLineSearchEvaluations < 1) {
                throw new IllegalArgumentException("maxLineSearchEvaluations must be >= 1, but was "
                        + maxLineSearchEvaluations);
            }
        }

        /**
         * memory 10, 2000 iterations, ‖∇f‖∞ ≤ 1e-7, relative decrease ≤ 1e-13, 25 evaluations per search.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(10, 2000, 1e-7, 1e-13, 25);
        }

        /**
         * These options with another iteration limit.
         *
         * @param iterations the iteration limit (≥ 1)
         * @return the new options
         */
        public Options withMaxIterations(int iterations) {
            return new Options(memory, iterations, gradientTolerance, relativeDecrease, maxLineSearchEvaluations);
        }

        /**
         * These options with another gradient tolerance.
         *
         * @param tolerance the gradient tolerance (≥ 0)
         * @return the new options
         */
        public Options withGradientTolerance(double tolerance) {
            return new Options(memory, maxIterations, tolerance, relativeDecrease, maxLineSearchEvaluations);
        }

        /**
         * These options with another relative-decrease tolerance.
         *
         * @param decrease the relative-decrease tolerance (≥ 0)
         * @return the new options
         */
        public Options withRelativeDecrease(double decrease) {
            return new Options(memory, maxIterations, gradientTolerance, decrease, maxLineSearchEvaluations);
        }

        /**
         * These options with another number of curvature pairs kept (≥ 1).
         *
         * @param pairs the curvature pairs kept (≥ 1)
         * @return the new options
         */
        public Options withMemory(int pairs) {
            return new Options(pairs, maxIterations, gradientTolerance, relativeDecrease, maxLineSearchEvaluations);
        }

        /**
         * These options with another limit of evaluations per line search (≥ 1).
         *
         * @param evaluations evaluations per line search at most (≥ 1)
         * @return the new options
         */
        public Options withMaxLineSearchEvaluations(int evaluations) {
            return new Options(memory, maxIterations, gradientTolerance, relativeDecrease, evaluations);
        }
    }

    /** Why the optimizer stopped. */
    public enum StopReason {
        /** ‖∇f‖∞ reached the gradient tolerance. */
        GRADIENT_NORM,
        /** One iteration lowered f by no more than the relative-decrease tolerance. */
        RELATIVE_DECREASE,
        /** The iteration limit. */
        MAX_ITERATIONS,
        /** No trial point of a line search lowered f: f is flat to its rounding around x. */
        NO_DECREASE
    }

    /**
     * The outcome of {@link #minimize}.
     *
     * @param value        f at the final x
     * @param gradientNorm ‖∇f‖∞ at the final x
     * @param iterations   iterations done
     * @param evaluations  objective evaluations done
     * @param reason       why it stopped
     * @param seconds      wall time
     */
    public record Result(double value, double gradientNorm, int iterations, long evaluations, StopReason reason,
                         double seconds) {
    }

    /**
     * Minimises {@code f} from {@code x}, which is overwritten by the final point.
     *
     * @param examplesPerEvaluation what one evaluation processes (for {@link Progress#examplesPerSecond()})
     * @param f the objective
     * @param x the starting point, overwritten with the final point
     * @param listener receives one {@link Progress} per iteration ({@link ProgressListener#NONE} for none)
     * @return the final value, gradient norm, iterations and why it stopped
     * @throws IllegalArgumentException if x's length is not the dimension, or f or its gradient is not finite at
     *                                  the start
     */
    public Result minimize(Objective f, double[] x, long examplesPerEvaluation, ProgressListener listener) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(listener, "listener");
        int n = f.dimension();
        if (x.length != n) {
            throw new IllegalArgumentException("x.length (" + x.length + ") must be the dimension " + n);
        }
        long start = System.nanoTime();
        f.roundToStorage(x);
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        if (!Double.isFinite(fx) || !Double.isFinite(normInf(g))) {
            throw new IllegalArgumentException("f or its gradient is not finite at the start: f = " + fx);
        }
        LineSearch search = new LineSearch(f, n, options.maxLineSearchEvaluations());
        CurvatureHistory history = new CurvatureHistory(options.memory(), n);
        double[] direction = new double[n];
        long evaluations = 1;
        int iteration = 0;
        StopReason reason = normInf(g) <= options.gradientTolerance() ? StopReason.GRADIENT_NORM : null;
        while (reason == null) {
            if (iteration == options.maxIterations()) {
                reason = StopReason.MAX_ITERATIONS;
                break;
            }
            history.direction(g, direction);
            double slope = dot(g, direction);
            if (!(slope < 0)) {
                // Rounding made the quasi-Newton direction useless: restart from steepest descent.
                history.clear();
                history.direction(g, direction);
                slope = dot(g, direction);
            }
            double initialStep = iteration == 0 ? Math.min(1.0, 1.0 / norm2(g)) : 1.0;
            boolean moved = search.run(x, fx, g, direction, slope, initialStep);
            evaluations += search.evaluations;
            if (!moved) {
                reason = StopReason.NO_DECREASE;
                break;
            }
            iteration++;
            history.add(x, search.bestX, g, search.bestGradient);
            double previous = fx;
            System.arraycopy(search.bestX, 0, x, 0, n);
            System.arraycopy(search.bestGradient, 0, g, 0, n);
            fx = search.bestValue;
            double gradientNorm = normInf(g);
            double seconds = (System.nanoTime() - start) * 1e-9;
            listener.onProgress(new Progress(iteration, evaluations, fx, gradientNorm, search.bestStep,
                    search.bestAccuracy, evaluations * examplesPerEvaluation, seconds));
            if (gradientNorm <= options.gradientTolerance()) {
                reason = StopReason.GRADIENT_NORM;
            } else if ((previous - fx) / Math.max(Math.max(Math.abs(previous), Math.abs(fx)), 1.0)
                    <= options.relativeDecrease()) {
                reason = StopReason.RELATIVE_DECREASE;
            }
        }
        return new Result(fx, normInf(g), iteration, evaluations, reason, (System.nanoTime() - start) * 1e-9);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double normInf(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return Double.isNaN(m) ? Double.NaN : m;
    }

    private static double norm2(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** The last m pairs s = x₊ − x, y = g₊ − g, and the two-loop recursion over them. */
    static final class CurvatureHistory {
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alpha;
        private int count;
        private int newest = -1;

        CurvatureHistory(int memory, int n) {
            s = new double[memory][n];
            y = new double[memory][n];
            rho = new double[memory];
            alpha = new double[memory];
        }

        void clear() {
            count = 0;
            newest = -1;
        }

        /** Keeps the pair when sᵀy > 0 (always so under the Wolfe conditions, up to rounding). */
        void add(double[] x, double[] xNext, double[] g, double[] gNext) {
            int slot = (newest + 1) % s.length;
            double[] si = s[slot];
            double[] yi = y[slot];
            for (int i = 0; i < si.length; i++) {
                si[i] = xNext[i] - x[i];
                yi[i] = gNext[i] - g[i];
            }
            double sy = dot(si, yi);
            if (!(sy > 1e-16 * Math.sqrt(dot(si, si) * dot(yi, yi)))) {
                return;
            }
            rho[slot] = 1.0 / sy;
            newest = slot;
            count = Math.min(count + 1, s.length);
        }

        /** d = −H·g with H₀ = (sᵀy / yᵀy)·I from the newest pair. */
        void direction(double[] g, double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] = -g[i];
            }
            int m = s.length;
            for (int k = 0; k < count; k++) {
                int j = Math.floorMod(newest - k, m);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            if (count > 0) {
                double[] yn = y[newest];
                double gamma = 1.0 / (rho[newest] * dot(yn, yn));
                for (int i = 0; i < d.length; i++) {
                    d[i] *= gamma;
                }
            }
            for (int k = count - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, m);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
        }

        private static void axpy(double a, double[] x, double[] y) {
            for (int i = 0; i < y.length; i++) {
                y[i] += a * x[i];
            }
        }
    }

    /** A line search for the strong Wolfe conditions that remembers the best point it evaluated. */
    static final class LineSearch {
        private final Objective f;
        private final int maxEvaluations;
        private final double[] trialX;
        private final double[] trialGradient;
        final double[] bestX;
        final double[] bestGradient;
        double bestValue;
        double bestStep;
        double bestAccuracy;
        int evaluations;
        private double[] x;
        private double[] direction;
        private double value0;
        private double slope0;

        LineSearch(Objective f, int n, int maxEvaluations) {
            this.f = f;
            this.maxEvaluations = maxEvaluations;
            trialX = new double[n];
            trialGradient = new double[n];
            bestX = new double[n];
            bestGradient = new double[n];
        }

        /** Returns whether a point with f below f(x) was found; it is then in bestX, bestGradient, bestValue. */
        boolean run(double[] x, double value, double[] gradient, double[] direction, double slope, double step) {
            this.x = x;
            this.direction = direction;
            this.value0 = value;
            this.slope0 = slope;
            bestValue = value;
            bestStep = 0;
            evaluations = 0;
            double previousStep = 0;
            double previousValue = value;
            double previousSlope = slope;
            while (evaluations < maxEvaluations) {
                double phi = evaluateAt(step);
                double dphi = dot(trialGradient, direction);
                if (!(phi <= value0 + C1 * step * slope0) || (evaluations > 1 && phi >= previousValue)) {
                    zoom(previousStep, previousValue, previousSlope, step, phi, dphi);
                    break;
                }
                if (Math.abs(dphi) <= -C2 * slope0) {
                    break;
                }
                if (dphi >= 0) {
                    zoom(step, phi, dphi, previousStep, previousValue, previousSlope);
                    break;
                }
                previousStep = step;
                previousValue = phi;
                previousSlope = dphi;
                step *= 4;
            }
            return bestValue < value0;
        }

        /** Algorithm 3.6: the interval between lo (sufficient decrease holds) and hi holds a Wolfe point. */
        private void zoom(double lo, double valueLo, double slopeLo, double hi, double valueHi, double slopeHi) {
            while (evaluations < maxEvaluations) {
                double step = cubicMinimum(lo, valueLo, slopeLo, hi, valueHi, slopeHi);
                double phi = evaluateAt(step);
                double dphi = dot(trialGradient, direction);
                if (!(phi <= value0 + C1 * step * slope0) || phi >= valueLo) {
                    hi = step;
                    valueHi = phi;
                    slopeHi = dphi;
                } else {
                    if (Math.abs(dphi) <= -C2 * slope0) {
                        return;
                    }
                    if (dphi * (hi - lo) >= 0) {
                        hi = lo;
                        valueHi = valueLo;
                        slopeHi = slopeLo;
                    }
                    lo = step;
                    valueLo = phi;
                    slopeLo = dphi;
                }
            }
        }

        /** The minimiser of the cubic through both ends, kept at least 10% of the interval away from each end. */
        static double cubicMinimum(double a, double fa, double ga, double b, double fb, double gb) {
            double d1 = ga + gb - 3 * (fa - fb) / (a - b);
            double radicand = d1 * d1 - ga * gb;
            double low = Math.min(a, b);
            double high = Math.max(a, b);
            double margin = 0.1 * (high - low);
            double t;
            if (radicand >= 0) {
                double d2 = Math.copySign(Math.sqrt(radicand), b - a);
                t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
            } else {
                t = Double.NaN;
            }
            if (!(t >= low + margin && t <= high - margin)) {
                t = 0.5 * (low + high);
            }
            return t;
        }

        private double evaluateAt(double step) {
            for (int i = 0; i < trialX.length; i++) {
                trialX[i] = x[i] + step * direction[i];
            }
            f.roundToStorage(trialX);
            double phi = f.evaluate(trialX, trialGradient);
            evaluations++;
            if (phi < bestValue) {
                bestValue = phi;
                bestStep = step;
                bestAccuracy = f.lastAccuracy();
                System.arraycopy(trialX, 0, bestX, 0, trialX.length);
                System.arraycopy(trialGradient, 0, bestGradient, 0, trialGradient.length);
            }
            return phi;
        }
    }
}
