package org.softmaxsimd.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What limits the logits GEMM's panel kernel, measured apart from it: the kernel's inner loop (2 row vectors × 4
 * classes, a chunk of 4 features summed into a group of 16 and the groups into a total, as in
 * {@code PanamaLogitsPanels}) over one packed panel of 2·L rows × {@code features} of X, for {@value #CLASSES}
 * classes, in two forms that differ only in where the weights come from:
 * <ul>
 *   <li>{@link #weightsBroadcast}: as the kernel does, one broadcast load of W[c][j] per class and feature, i.e.
 *       2 packed-X loads and 4 broadcast loads per 8 vector FMAs;</li>
 *   <li>{@link #weightsInRegisters}: the same FMAs, adds and packed-X loads, with each class's weight held in a
 *       register for the whole call (wrong as a product, right as a timing): 2 loads per 8 FMAs.</li>
 * </ul>
 * The score is ns per call; per multiply-add it is score / (2·L·features·{@value #CLASSES}) with L the float
 * lanes, to compare with the peak of {@link PanamaFmaPeakBenchmark} (its score / L). The gap between
 * the two forms is what the weights' broadcast loads cost (Zen 5, session 12: the second form at 87-95 % of the
 * FMA peak, the first at 53-66 %; docs/VECTOR_API.md). {@code features} = 256 keeps the packed panel in L1 at 16
 * lanes (32 KB), 768 puts it in L2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {KernelSelection.ADD_VECTOR_MODULE})
public class PanamaPanelProbeBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of the packed panel: two vectors. */
    private static final int ROWS = 2 * LANES;
    /** Classes per call: 64 steps of 4 over the same packed panel. */
    static final int CLASSES = 256;

    /** Features of the panel, a multiple of 16 (the kernel's group). */
    @Param({"256", "768"})
    public int features;

    private float[] packed;
    private float[] w;
    private float[] tile;

    /** Seeded values in [-1, 1); the timing does not depend on them (no subnormals arise). */
    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(12);
        packed = RandomArrays.uniform(rng, ROWS * features, -1, 1);
        w = RandomArrays.uniform(rng, CLASSES * features, -1, 1);
        tile = new float[4 * ROWS];
    }

    /** The kernel's form: the weights broadcast from W for every feature. */
    @Benchmark
    public float[] weightsBroadcast() {
        return allClasses(false);
    }

    /** The same loop with the weights in registers: the bound of the FMAs and packed-X loads alone. */
    @Benchmark
    public float[] weightsInRegisters() {
        return allClasses(true);
    }

    /** The panel against every class, 4 at a time; the tile keeps the last step's totals (returned, so kept). */
    private float[] allClasses(boolean registers) {
        for (int c = 0; c < CLASSES; c += 4) {
            panel(c * features, (c + 1) * features, (c + 2) * features, (c + 3) * features, registers);
        }
        return tile;
    }

    /**
     * One step of 4 classes over the panel, written out as the kernel's (a product, then three multiply-adds per
     * chunk). With {@code registers} the weights are the first feature's, held in registers; the branch is
     * loop-invariant.
     */
    private void panel(int w0, int w1, int w2, int w3, boolean registers) {
        float[] x = packed;
        float[] weights = w;
        int groups = features / 16;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector r0 = FloatVector.broadcast(SPECIES, weights[w0]);
        FloatVector r1 = FloatVector.broadcast(SPECIES, weights[w1]);
        FloatVector r2 = FloatVector.broadcast(SPECIES, weights[w2]);
        FloatVector r3 = FloatVector.broadcast(SPECIES, weights[w3]);
        FloatVector t00 = zero;
        FloatVector t01 = zero;
        FloatVector t02 = zero;
        FloatVector t03 = zero;
        FloatVector t10 = zero;
        FloatVector t11 = zero;
        FloatVector t12 = zero;
        FloatVector t13 = zero;
        for (int g = 0; g < 16 * groups; g += 16) {
            FloatVector s00 = zero;
            FloatVector s01 = zero;
            FloatVector s02 = zero;
            FloatVector s03 = zero;
            FloatVector s10 = zero;
            FloatVector s11 = zero;
            FloatVector s12 = zero;
            FloatVector s13 = zero;
            for (int q = g; q < g + 16; q += 4) {
                int p0 = (q + 0) * ROWS;
                FloatVector x00 = FloatVector.fromArray(SPECIES, x, p0);
                FloatVector x10 = FloatVector.fromArray(SPECIES, x, p0 + LANES);
                FloatVector b00 = registers ? r0 : FloatVector.broadcast(SPECIES, weights[w0 + q + 0]);
                FloatVector c00 = x00.mul(b00);
                FloatVector c10 = x10.mul(b00);
                FloatVector b01 = registers ? r1 : FloatVector.broadcast(SPECIES, weights[w1 + q + 0]);
                FloatVector c01 = x00.mul(b01);
                FloatVector c11 = x10.mul(b01);
                FloatVector b02 = registers ? r2 : FloatVector.broadcast(SPECIES, weights[w2 + q + 0]);
                FloatVector c02 = x00.mul(b02);
                FloatVector c12 = x10.mul(b02);
                FloatVector b03 = registers ? r3 : FloatVector.broadcast(SPECIES, weights[w3 + q + 0]);
                FloatVector c03 = x00.mul(b03);
                FloatVector c13 = x10.mul(b03);
                int p1 = (q + 1) * ROWS;
                FloatVector x01 = FloatVector.fromArray(SPECIES, x, p1);
                FloatVector x11 = FloatVector.fromArray(SPECIES, x, p1 + LANES);
                FloatVector b10 = registers ? r0 : FloatVector.broadcast(SPECIES, weights[w0 + q + 1]);
                c00 = x01.fma(b10, c00);
                c10 = x11.fma(b10, c10);
                FloatVector b11 = registers ? r1 : FloatVector.broadcast(SPECIES, weights[w1 + q + 1]);
                c01 = x01.fma(b11, c01);
                c11 = x11.fma(b11, c11);
                FloatVector b12 = registers ? r2 : FloatVector.broadcast(SPECIES, weights[w2 + q + 1]);
                c02 = x01.fma(b12, c02);
                c12 = x11.fma(b12, c12);
                FloatVector b13 = registers ? r3 : FloatVector.broadcast(SPECIES, weights[w3 + q + 1]);
                c03 = x01.fma(b13, c03);
                c13 = x11.fma(b13, c13);
                int p2 = (q + 2) * ROWS;
                FloatVector x02 = FloatVector.fromArray(SPECIES, x, p2);
                FloatVector x12 = FloatVector.fromArray(SPECIES, x, p2 + LANES);
                FloatVector b20 = registers ? r0 : FloatVector.broadcast(SPECIES, weights[w0 + q + 2]);
                c00 = x02.fma(b20, c00);
                c10 = x12.fma(b20, c10);
                FloatVector b21 = registers ? r1 : FloatVector.broadcast(SPECIES, weights[w1 + q + 2]);
                c01 = x02.fma(b21, c01);
                c11 = x12.fma(b21, c11);
                FloatVector b22 = registers ? r2 : FloatVector.broadcast(SPECIES, weights[w2 + q + 2]);
                c02 = x02.fma(b22, c02);
                c12 = x12.fma(b22, c12);
                FloatVector b23 = registers ? r3 : FloatVector.broadcast(SPECIES, weights[w3 + q + 2]);
                c03 = x02.fma(b23, c03);
                c13 = x12.fma(b23, c13);
                int p3 = (q + 3) * ROWS;
                FloatVector x03 = FloatVector.fromArray(SPECIES, x, p3);
                FloatVector x13 = FloatVector.fromArray(SPECIES, x, p3 + LANES);
                FloatVector b30 = registers ? r0 : FloatVector.broadcast(SPECIES, weights[w0 + q + 3]);
                c00 = x03.fma(b30, c00);
                c10 = x13.fma(b30, c10);
                FloatVector b31 = registers ? r1 : FloatVector.broadcast(SPECIES, weights[w1 + q + 3]);
                c01 = x03.fma(b31, c01);
                c11 = x13.fma(b31, c11);
                FloatVector b32 = registers ? r2 : FloatVector.broadcast(SPECIES, weights[w2 + q + 3]);
                c02 = x03.fma(b32, c02);
                c12 = x13.fma(b32, c12);
                FloatVector b33 = registers ? r3 : FloatVector.broadcast(SPECIES, weights[w3 + q + 3]);
                c03 = x03.fma(b33, c03);
                c13 = x13.fma(b33, c13);
                s00 = s00.add(c00);
                s01 = s01.add(c01);
                s02 = s02.add(c02);
                s03 = s03.add(c03);
                s10 = s10.add(c10);
                s11 = s11.add(c11);
                s12 = s12.add(c12);
                s13 = s13.add(c13);
            }
            t00 = t00.add(s00);
            t01 = t01.add(s01);
            t02 = t02.add(s02);
            t03 = t03.add(s03);
            t10 = t10.add(s10);
            t11 = t11.add(s11);
            t12 = t12.add(s12);
            t13 = t13.add(s13);
        }
        t00.intoArray(tile, 0);
        t10.intoArray(tile, LANES);
        t01.intoArray(tile, ROWS);
        t11.intoArray(tile, ROWS + LANES);
        t02.intoArray(tile, 2 * ROWS);
        t12.intoArray(tile, 2 * ROWS + LANES);
        t03.intoArray(tile, 3 * ROWS);
        t13.intoArray(tile, 3 * ROWS + LANES);
    }
}
