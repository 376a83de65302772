package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The exp pass of an in-cache softmax (exp(x − shift) stored and summed over {@value #ROWS} rows of
 * {@value #COLS}, inputs uniform in [−8, 8), each row shifted by its max) with three range reductions, measured
 * apart from the library, so that a change of the library's exp can be judged before it is made:
 * <ul>
 *   <li>{@link #twoSum}: the library's exp as it is (d = x − m carried with its rounding error by TwoSum, then
 *       n = round(d·log2 e) and r = d − n·ln2 + err): 11 vector operations before the polynomial, 6 of them on
 *       the chain to r. {@link #setUp} checks that it gives the library's bits.</li>
 *   <li>{@link #powerOfTwoShift}: each row shifted by s = k·ln2 with k = rint(m·log2 e) instead of its max m
 *       (softmax is the same for any shift; exp(x − s) ≤ √2): n + k comes out of one FMA on x itself,
 *       t = fma(x, log2 e, magic − k), and r = x − (n + k)·ln2 by two FMAs with the exact product, so no
 *       rounding of a large difference ever enters r: 5 operations before the polynomial (6 with the
 *       subtraction that rows with |m| ≥ 4096 need, where x − m is exact for every x whose exp is not flushed).
 *       It returns exp(x − s), not exp(x − m): a library built on it would carry s (or the factor e^(s − m))
 *       wherever a row's max is used with its sum (log-sum-exp, log-softmax, cross-entropy).</li>
 *   <li>{@link #powerOfTwoShiftRescaled}: the same, times the row's constant e^(s − m) rounded to float, so that
 *       it returns exp(x − m) like the library: one multiply and half an ulp more.</li>
 * </ul>
 * {@link #setUp} measures each form's largest relative error against a float64 reference (over rows with maxima
 * of every magnitude) and fails if it exceeds {@value #ERROR_LIMIT} (Zen 5: 1.73e-7, 1.61e-7 and 2.42e-7).
 * Zen 5, session 13: in a stand-alone loop the second form took 0.85-0.87× the time of the first on JDK 17 and
 * 25; here, on JDK 17, 0.86× (2610 against 3040 ns per call; the first form also ran at ~4500, later in one fork
 * and throughout the other, allocating nothing), but on JDK 25 1.17× (3104 against 2660): not a gain on every JDK,
 * so the library keeps TwoSum. Each row is a call
 * that is not inlined into the benchmark's loop: inlined there, C2 recompiled the whole into code that boxed
 * the first form's vectors (393 KB per call) and ran the second at half its speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class PanamaExpReductionProbeBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    static final int ROWS = 16;
    static final int COLS = 1024;
    /** The largest relative error any form may show in {@link #setUp}: the contract's 5e-7 less the sum's share. */
    static final double ERROR_LIMIT = 3e-7;

    // The constants of the library's ExpPolynomial (the same values).
    private static final float LOG2E = 0x1.715476p0f;
    private static final float MAGIC_BIAS = 0x1.8000fep23f;
    private static final float LN2_HI = 0x1.62e400p-1f;
    private static final float LN2_LO = 0x1.7f7d1cp-20f;
    private static final float C1 = 0x1.fffff6p-1f;
    private static final float C2 = 0x1.fffdc6p-2f;
    private static final float C3 = 0x1.555a6ap-3f;
    private static final float C4 = 0x1.573a4ap-5f;
    private static final float C5 = 0x1.0fa80ep-7f;
    private static final float UNDERFLOW_CUTOFF = -0x1.5bf5bap6f;
    /** ln2 split for a Cody-Waite reduction by FMA (the product is exact inside the FMA, so no trailing zeros). */
    private static final float LN2_FMA_HI = (float) Math.log(2.0);
    private static final float LN2_FMA_LO = (float) (Math.log(2.0) - LN2_FMA_HI);
    /** Rows whose |max| reaches this are shifted by their max first (exact there): magic − k stays exact below. */
    private static final float SUBTRACT_MAX_FROM = 4096f;

    private float[] x;
    private float[] y;
    private float[] maxima;

    /**
     * Seeded rows; checks that {@link #twoSum} has the library's bits and that every form stays within
     * {@link #ERROR_LIMIT} on rows with maxima from 1e-6 to 1e5 and spreads up to 3|m| + 90.
     */
    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(13);
        x = RandomArrays.uniform(rng, ROWS * COLS, -8, 8);
        y = new float[ROWS * COLS];
        maxima = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < COLS; i++) {
                m = Math.max(m, x[r * COLS + i]);
            }
            maxima[r] = m;
        }
        checkLibraryBits();
        checkErrors(rng);
    }

    /** The library's reduction: exp(x − m) with m the row's max. */
    @Benchmark
    public float twoSum() {
        float total = 0;
        for (int r = 0; r < ROWS; r++) {
            total += rowTwoSum(x, y, r * COLS, maxima[r]);
        }
        return total;
    }

    /** exp(x − s), s = k·ln2 near the row's max. */
    @Benchmark
    public float powerOfTwoShift() {
        float total = 0;
        for (int r = 0; r < ROWS; r++) {
            total += rowPowerOfTwo(x, y, r * COLS, maxima[r]);
        }
        return total;
    }

    /** exp(x − s)·e^(s − m) = exp(x − m). */
    @Benchmark
    public float powerOfTwoShiftRescaled() {
        float total = 0;
        for (int r = 0; r < ROWS; r++) {
            total += rowRescaled(x, y, r * COLS, maxima[r]);
        }
        return total;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static float rowTwoSum(float[] x, float[] y, int at, float max) {
        FloatVector negShift = FloatVector.broadcast(SPECIES, -max);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < COLS; i += LANES) {
            FloatVector e = expTwoSum(FloatVector.fromArray(SPECIES, x, at + i), negShift);
            e.intoArray(y, at + i);
            acc = acc.add(e);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static float rowPowerOfTwo(float[] x, float[] y, int at, float max) {
        boolean large = Math.abs(max) >= SUBTRACT_MAX_FROM;
        FloatVector subtract = FloatVector.broadcast(SPECIES, large ? max : 0f);
        FloatVector magicLessK = FloatVector.broadcast(SPECIES, MAGIC_BIAS - (large ? 0f : k(max)));
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < COLS; i += LANES) {
            FloatVector e = expPowerOfTwo(FloatVector.fromArray(SPECIES, x, at + i), subtract, magicLessK);
            e.intoArray(y, at + i);
            acc = acc.add(e);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static float rowRescaled(float[] x, float[] y, int at, float max) {
        boolean large = Math.abs(max) >= SUBTRACT_MAX_FROM;
        FloatVector subtract = FloatVector.broadcast(SPECIES, large ? max : 0f);
        FloatVector magicLessK = FloatVector.broadcast(SPECIES, MAGIC_BIAS - (large ? 0f : k(max)));
        FloatVector factor = FloatVector.broadcast(SPECIES, rescale(max));
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < COLS; i += LANES) {
            FloatVector e = expPowerOfTwo(FloatVector.fromArray(SPECIES, x, at + i), subtract, magicLessK)
                    .mul(factor);
            e.intoArray(y, at + i);
            acc = acc.add(e);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** k = rint(m·log2 e), so that the shift s = k·ln2 is within ln2/2 of m. */
    private static float k(float max) {
        return (float) Math.rint(max * (double) LOG2E);
    }

    /** The shift s of a row: k·ln2, or m itself for the rows shifted by their max first. */
    private static double shift(float max) {
        return Math.abs(max) >= SUBTRACT_MAX_FROM ? max : k(max) * Math.log(2.0);
    }

    /** e^(s − m) rounded to float. */
    private static float rescale(float max) {
        return (float) Math.exp(shift(max) - max);
    }

    /** The library's exp (PanamaKernelSupport.exp), the same operations in the same order. */
    private static FloatVector expTwoSum(FloatVector x, FloatVector negShift) {
        FloatVector d = x.add(negShift);
        FloatVector t = d.fma(LOG2E, MAGIC_BIAS);
        FloatVector n = t.sub(MAGIC_BIAS);
        FloatVector bb = d.sub(x);
        FloatVector err = x.sub(d.sub(bb)).add(negShift.sub(bb));
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), d);
        r = n.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r).add(err);
        return polynomial(r).mul(twoToThe(t)).blend(0f, d.lt(UNDERFLOW_CUTOFF));
    }

    /**
     * exp(x − subtract − k·ln2), flushed to 0 below 2^-125 (n ≤ −126, the library's cut-off in terms of n):
     * t holds n + 127 in its low bits (n relative to the shift) and t − (magic − k) is n + k, exactly.
     */
    private static FloatVector expPowerOfTwo(FloatVector x, FloatVector subtract, FloatVector magicLessK) {
        FloatVector v = x.sub(subtract);
        FloatVector t = v.fma(FloatVector.broadcast(SPECIES, LOG2E), magicLessK);
        FloatVector nk = t.sub(magicLessK);
        FloatVector r = nk.fma(FloatVector.broadcast(SPECIES, -LN2_FMA_HI), v);
        r = nk.fma(FloatVector.broadcast(SPECIES, -LN2_FMA_LO), r);
        return polynomial(r).mul(twoToThe(t)).blend(0f, t.lt(MAGIC_BIAS - 125f));
    }

    private static FloatVector twoToThe(FloatVector t) {
        return t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    private static FloatVector polynomial(FloatVector r) {
        FloatVector q = r.fma(C5, C4);
        q = q.fma(r, FloatVector.broadcast(SPECIES, C3));
        q = q.fma(r, FloatVector.broadcast(SPECIES, C2));
        q = q.fma(r, FloatVector.broadcast(SPECIES, C1));
        return q.fma(r, FloatVector.broadcast(SPECIES, 1f));
    }

    private void checkLibraryBits() {
        KernelSupport panama = VectorizationProvider.panama();
        float[] library = new float[COLS];
        for (int r = 0; r < ROWS; r++) {
            panama.expStoreSum(x, r * COLS, library, 0, COLS, maxima[r]);
            rowTwoSum(x, y, r * COLS, maxima[r]);
            for (int i = 0; i < COLS; i++) {
                if (Float.floatToRawIntBits(library[i]) != Float.floatToRawIntBits(y[r * COLS + i])) {
                    throw new IllegalStateException("twoSum is not the library's exp at row " + r + ", column "
                            + i + ": " + y[r * COLS + i] + " against " + library[i]);
                }
            }
        }
    }

    private static void checkErrors(SplittableRandom rng) {
        float[] row = new float[COLS];
        float[] out = new float[COLS];
        double[] worst = new double[3];
        for (int trial = 0; trial < 400; trial++) {
            float m = trialMax(rng, trial);
            double spread = trial % 2 == 0 ? 90 : 3 * Math.abs(m) + 90;
            for (int i = 0; i < COLS; i++) {
                row[i] = (float) (m - rng.nextDouble() * spread);
            }
            row[0] = m;
            for (int form = 0; form < 3; form++) {
                double shift = form == 1 ? shift(m) : m;
                if (form == 0) {
                    rowTwoSum(row, out, 0, m);
                } else if (form == 1) {
                    rowPowerOfTwo(row, out, 0, m);
                } else {
                    rowRescaled(row, out, 0, m);
                }
                for (int i = 0; i < COLS; i++) {
                    double expected = Math.exp((double) row[i] - shift);
                    // Both flush below about 2^-125 (the rescaled form's cut-off moves with e^(s − m)).
                    if (expected > 0x1p-124) {
                        worst[form] = Math.max(worst[form], Math.abs(out[i] - expected) / expected);
                    }
                }
            }
        }
        for (int form = 0; form < 3; form++) {
            if (worst[form] > ERROR_LIMIT) {
                throw new IllegalStateException("form " + form + ": largest relative error " + worst[form]
                        + " is above " + ERROR_LIMIT);
            }
        }
        System.out.printf("# largest relative errors: twoSum %.3g, powerOfTwoShift %.3g, rescaled %.3g%n",
                worst[0], worst[1], worst[2]);
    }

    /** Maxima of every magnitude and both signs, some beyond {@link #SUBTRACT_MAX_FROM}. */
    private static float trialMax(SplittableRandom rng, int trial) {
        switch (trial % 4) {
            case 0:
                return (float) (rng.nextDouble() * 500 - 250);
            case 1:
                return (float) (rng.nextDouble() * 1e-3);
            case 2:
                return (float) (rng.nextDouble() * 2e5 - 1e5);
            default:
                return (float) Math.scalb(rng.nextDouble() - 0.5, rng.nextInt(-20, 20));
        }
    }
}
