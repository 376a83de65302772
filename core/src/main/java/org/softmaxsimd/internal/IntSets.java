package org.softmaxsimd.internal;

import java.util.Arrays;

/** Small set operations on int arrays, shared by the sparse paths. Internal API. */
public final class IntSets {

    private IntSets() {
    }

    /** The distinct values of {@code values[from, to)}, ascending (a new array). */
    public static int[] distinctSorted(int[] values, int from, int to) {
        int[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        int n = 0;
        for (int k = 0; k < sorted.length; k++) {
            if (k == 0 || sorted[k] != sorted[k - 1]) {
                sorted[n++] = sorted[k];
            }
        }
        return Arrays.copyOf(sorted, n);
    }
}
