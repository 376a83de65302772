package org.softmaxsimd;

import java.util.SplittableRandom;

/** Seeded test inputs. */
public final class RandomArrays {
    private RandomArrays() {
    }

    /** n floats uniform in [lo, hi). */
    public static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(lo, hi);
        }
        return a;
    }

    /** n ints uniform in [0, bound). */
    public static int[] labels(SplittableRandom rng, int n, int bound) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(bound);
        }
        return a;
    }
}
