package org.softmaxsimd.train;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Checks an objective's gradient against central differences (f(x + h·e_j) − f(x − h·e_j)) / (x⁺_j − x⁻_j)
 * on a seeded random sample of coordinates. The perturbed points are rounded with
 * {@link Objective#roundToStorage} and the difference uses the step actually taken, so float32 objectives are
 * checked fairly. The error is the UFLDL one, ‖numeric − analytic‖₂ / ‖numeric + analytic‖₂ over the sample
 * (about h² for a smooth float64 objective; about (rounding of f)/h for a float32 one).
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * The outcome.
     *
     * @param relativeError     ‖numeric − analytic‖₂ / ‖numeric + analytic‖₂ over the sampled coordinates
     * @param maxAbsoluteError  the largest |numeric − analytic| of one coordinate
     * @param worstCoordinate   the coordinate of that largest difference
     * @param coordinates       how many coordinates were checked
     */
    public record Result(double relativeError, double maxAbsoluteError, int worstCoordinate, int coordinates) {
    }

    /**
     * Checks {@code samples} distinct-or-not random coordinates of ∇f at x with step {@code h}·max(1, |x_j|).
     *
     * @param f the objective
     * @param x the point, of length f.dimension()
     * @param samples how many coordinates to check, drawn at random
     * @param h the step of the central difference
     * @param seed the seed that picks the coordinates
     * @return the errors of the checked coordinates
     * @throws IllegalArgumentException if samples &lt; 1, h is not positive, or x has the wrong length
     */
    public static Result check(Objective f, double[] x, int samples, double h, long seed) {
        Objects.requireNonNull(f, "f");
        int n = f.dimension();
        if (x.length != n) {
            throw new IllegalArgumentException("x.length (" + x.length + ") must be the dimension " + n);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, but was " + samples);
        }
        if (!(h > 0 && h < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("h must be finite and > 0, but was " + h);
        }
        double[] point = x.clone();
        f.roundToStorage(point);
        double[] analytic = new double[n];
        f.evaluate(point, analytic);
        double[] scratch = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        double differenceSquares = 0;
        double sumSquares = 0;
        double maxAbsolute = 0;
        int worst = -1;
        for (int s = 0; s < samples; s++) {
            int j = random.nextInt(n);
            double step = h * Math.max(1.0, Math.abs(point[j]));
            double[] plus = point.clone();
            plus[j] += step;
            f.roundToStorage(plus);
            double[] minus = point.clone();
            minus[j] -= step;
            f.roundToStorage(minus);
            double taken = plus[j] - minus[j];
            if (taken == 0) {
                continue; // a pinned coordinate (pivot class): nothing to differentiate
            }
            double numeric = (f.evaluate(plus, scratch) - f.evaluate(minus, scratch)) / taken;
            double difference = numeric - analytic[j];
            differenceSquares += difference * difference;
            sumSquares += (numeric + analytic[j]) * (numeric + analytic[j]);
            if (Math.abs(difference) >= maxAbsolute) {
                maxAbsolute = Math.abs(difference);
                worst = j;
            }
        }
        double relative = sumSquares == 0 ? (differenceSquares == 0 ? 0 : Double.POSITIVE_INFINITY)
                : Math.sqrt(differenceSquares / sumSquares);
        return new Result(relative, maxAbsolute, worst, samples);
    }
}
