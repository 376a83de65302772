package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.softmaxsimd.internal.Engines;
import org.softmaxsimd.internal.SoftmaxEngine;

/**
 * Properties of softmax on both kernel paths: probabilities sum to 1, shift invariance of softmax and
 * log-sum-exp, and backward passes equal to central finite differences of a float64 forward pass.
 */
class SoftmaxPropertiesTest {

    @Provide
    Arbitrary<Engines.Named> engines() {
        return Arbitraries.of(Engines.all());
    }

    /** Rows of multiples of 2^-8 in [-64, 64]: adding an integer shift to them is exact in float. */
    @Provide
    Arbitrary<float[]> rows() {
        return Arbitraries.integers().between(-64 * 256, 64 * 256)
                .map(k -> k / 256f)
                .list().ofMinSize(1).ofMaxSize(300)
                .map(SoftmaxPropertiesTest::toArray);
    }

    static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }

    @Property(tries = 300)
    void probabilitiesSumToOne(@ForAll("engines") Engines.Named e, @ForAll("rows") float[] x) {
        float[] y = new float[x.length];
        e.engine.softmax(x, 0, y, 0, x.length);
        double total = 0;
        for (float p : y) {
            assertTrue(p >= 0f && p <= 1f, "probability " + p);
            total += p;
        }
        assertEquals(1.0, total, Tolerance.PROB_REL + x.length * 0x1p-24, e + " sum");
    }

    @Property(tries = 300)
    void logSumExpMovesWithAShift(@ForAll("engines") Engines.Named e, @ForAll("rows") float[] x,
                                  @ForAll @IntRange(min = -1000, max = 1000) int c) {
        float[] shifted = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i] + c;
        }
        float unshifted = e.engine.logSumExp(x, 0, x.length);
        double expected = unshifted + (double) c;
        double actual = e.engine.logSumExp(shifted, 0, x.length);
        // Each value is within LOG_REL·max(1, |value|) of its truth, so their difference is within the sum.
        double bound = Tolerance.LOG_REL * (Math.max(1, Math.abs(unshifted)) + Math.max(1, Math.abs(actual)));
        assertEquals(expected, actual, bound, e + " shift " + c);
    }

    @Property(tries = 300)
    void softmaxIgnoresAShift(@ForAll("engines") Engines.Named e, @ForAll("rows") float[] x,
                              @ForAll @IntRange(min = -1000, max = 1000) int c) {
        float[] shifted = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i] + c;
        }
        float[] p = new float[x.length];
        float[] q = new float[x.length];
        e.engine.softmax(x, 0, p, 0, x.length);
        e.engine.softmax(shifted, 0, q, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            Tolerance.assertClose(e + " shift " + c, i, q[i], p[i], 2 * Tolerance.PROB_REL, Tolerance.FLUSH_ABS);
        }
    }

    @Property(tries = 100)
    void backwardPassesMatchCentralDifferences(@ForAll("engines") Engines.Named e,
                                               @ForAll @IntRange(min = 1, max = 80) int n,
                                               @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        float[] x = new float[n];
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextDouble() * 8 - 4);
            dy[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        SoftmaxEngine engine = e.engine;
        float[] y = new float[n];
        float[] logY = new float[n];
        float[] dx = new float[n];
        engine.softmax(x, 0, y, 0, n);
        engine.logSoftmax(x, 0, logY, 0, n);
        double h = 1e-5;
        engine.softmaxBackward(y, 0, dy, 0, dx, 0, n);
        for (int j = 0; j < n; j++) {
            double numeric = (loss(x, dy, j, h, false) - loss(x, dy, j, -h, false)) / (2 * h);
            assertEquals(numeric, dx[j], 1e-5 + 1e-4 * Math.abs(numeric), e + " softmaxBackward d/dx" + j);
        }
        engine.logSoftmaxBackward(logY, 0, dy, 0, dx, 0, n);
        for (int j = 0; j < n; j++) {
            double numeric = (loss(x, dy, j, h, true) - loss(x, dy, j, -h, true)) / (2 * h);
            assertEquals(numeric, dx[j], 1e-5 + 1e-4 * Math.abs(numeric), e + " logSoftmaxBackward d/dx" + j);
        }
    }

    /** Σ dy[i]·f(x + step·e_j)[i] in float64, f = softmax or log-softmax. */
    private static double loss(float[] x, float[] dy, int j, double step, boolean log) {
        int n = x.length;
        double[] z = new double[n];
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            z[i] = x[i] + (i == j ? step : 0);
            m = Math.max(m, z[i]);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - m);
        }
        double lse = m + Math.log(s);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += dy[i] * (log ? z[i] - lse : Math.exp(z[i] - lse));
        }
        return total;
    }
}
