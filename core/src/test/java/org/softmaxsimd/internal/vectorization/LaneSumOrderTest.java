package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The lane sums of the SIMD kernels follow the fixed orders their javadoc states, on every call: the first
 * calls run in the interpreter (the Vector API's Java fallback), the later ones in C2-compiled code, and each
 * is compared bit for bit with a scalar model of the order. The inputs mix magnitudes so that another order
 * (lane 0 first, as the fallback's {@code reduceLanes} adds) rounds differently, which the test also shows.
 */
class LaneSumOrderTest {

    private static final int LANES = PanamaKernelSupport.SPECIES.length();
    /** Enough calls for C2 to compile both helpers (and the kernels around them) part-way through. */
    private static final int CALLS = 60_000;

    @Test
    void sumLanesIsTheHalvesFirstTreeOnEveryTier() {
        VectorizationProvider.panama();
        SplittableRandom random = new SplittableRandom(11);
        float[] v = new float[LANES];
        int orderMatters = 0;
        for (int call = 0; call < CALLS; call++) {
            fill(random, v);
            float actual = PanamaKernelSupport.sumLanes(FloatVector.fromArray(PanamaKernelSupport.SPECIES, v, 0));
            float expected = halvesFirst(v);
            if (Float.floatToRawIntBits(actual) != Float.floatToRawIntBits(expected)) {
                throw new AssertionError("call " + call + ": sumLanes " + actual + ", tree " + expected);
            }
            if (expected != laneZeroFirst(v)) {
                orderMatters++;
            }
        }
        assertTrue(orderMatters > CALLS / 10, "the inputs must be ones where the order changes the sum: " + orderMatters);
    }

    @Test
    void laneSumIsFourInterleavedPartialSums() {
        SplittableRandom random = new SplittableRandom(12);
        float[] v = new float[LANES + 3];
        for (int call = 0; call < CALLS; call++) {
            fill(random, v);
            float[] p = new float[4];
            for (int l = 0; l < LANES; l++) {
                p[l % 4] += v[3 + l];
            }
            float expected = (p[0] + p[1]) + (p[2] + p[3]);
            float actual = PanamaKernelSupport.laneSum(v, 3);
            if (Float.floatToRawIntBits(actual) != Float.floatToRawIntBits(expected)) {
                throw new AssertionError("call " + call + ": laneSum " + actual + ", model " + expected);
            }
        }
    }

    /**
     * Every kernel that sums across lanes returns the bits of its first call on each of many calls with the same
     * input: the early calls run before C2 has compiled the kernel (when this class runs first in its JVM;
     * {@code FirstCallDeterminismTest} compares a JVM that never compiles them), the later ones after.
     */
    @Test
    void reductionKernelsGiveTheSameBitsOnEveryCall() {
        KernelSupport k = VectorizationProvider.panama();
        SplittableRandom random = new SplittableRandom(13);
        int n = 4 * LANES + 3;
        float[] a = new float[4 * n + 8];
        float[] b = new float[4 * n + 8];
        fill(random, a);
        fill(random, b);
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (random.nextDouble() * 20 - 10);
        }
        float[] out = new float[17];
        float[] scratch = new float[n];
        String first = null;
        for (int call = 0; call < CALLS / 4; call++) {
            StringBuilder bits = new StringBuilder();
            bits.append(Float.floatToRawIntBits(k.sum(a, 1, n))).append(',');
            bits.append(Float.floatToRawIntBits(k.dot(a, 2, b, 3, n))).append(',');
            bits.append(Float.floatToRawIntBits(k.expSum(logits, 0, n, 10f))).append(',');
            bits.append(Float.floatToRawIntBits(k.expStoreSum(logits, 0, scratch, 0, n, 10f))).append(',');
            bits.append(Float.floatToRawIntBits(k.weightedShiftedSum(b, 0, logits, 0, n, 10f))).append(',');
            bits.append(Float.floatToRawIntBits(k.weightedShiftedSum(null, 0, logits, 0, n, 10f))).append(',');
            // Not binaryCrossEntropy: its lane-wise LOG1P is C2's SVML stub when compiled and Math.log1p when
            // interpreted, which need not agree in the last bit (the logistic kernels are not the trainer's).
            k.dot4(a, 1, n, b, 2, n, out, 0);
            k.dot4x4(a, 3, n, b, 4, n, n, out, 4, 3);
            for (float v : out) {
                bits.append(Float.floatToRawIntBits(v)).append(',');
            }
            if (first == null) {
                first = bits.toString();
            } else if (!first.contentEquals(bits)) {
                throw new AssertionError("call " + call + " differs from the first:\n" + bits + "\n" + first);
            }
        }
    }

    @Test
    void specialValuesPropagate() {
        float[] v = new float[LANES];
        v[LANES - 1] = Float.NaN;
        assertTrue(Float.isNaN(PanamaKernelSupport.sumLanes(vector(v))));
        v[LANES - 1] = Float.POSITIVE_INFINITY;
        assertEquals(Float.POSITIVE_INFINITY, PanamaKernelSupport.sumLanes(vector(v)));
        v[0] = Float.NEGATIVE_INFINITY;
        assertTrue(Float.isNaN(PanamaKernelSupport.sumLanes(vector(v))));
        java.util.Arrays.fill(v, Float.MAX_VALUE);
        assertEquals(Float.POSITIVE_INFINITY, PanamaKernelSupport.sumLanes(vector(v)));
    }

    private static FloatVector vector(float[] v) {
        return FloatVector.fromArray(PanamaKernelSupport.SPECIES, v, 0);
    }

    /** Magnitudes from 2^-10 to 2^14, both signs: sums whose rounding depends on the order. */
    private static void fill(SplittableRandom random, float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(-10, 15)));
        }
    }

    /** The model of sumLanes: lane i += lane i ^ h for h = L/2, …, 1, all lanes at once; lane 0. */
    static float halvesFirst(float[] lanes) {
        float[] v = lanes.clone();
        for (int h = v.length / 2; h >= 1; h /= 2) {
            v = foldSwap(v, h);
        }
        return v[0];
    }

    private static float[] foldSwap(float[] v, int h) {
        float[] next = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            next[i] = v[i] + v[i ^ h];
        }
        return next;
    }

    private static float laneZeroFirst(float[] v) {
        float s = 0f;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
