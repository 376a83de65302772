package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The register transpose of a 16 × 16 block that the short-row kernels use at 16 columns with 16 lanes
 * ({@link PanamaKernelSupport#transposeSquare}): every element lands at its transposed place with its bits
 * unchanged (−0, subnormals; a NaN stays a NaN: the Vector API's Java fallback, which runs before C2 compiles
 * the kernel, does not keep NaN payloads, and no kernel relies on them, since rows holding a NaN are recomputed
 * by {@code SpecialRows}), at offsets in both arrays, and nothing outside the 256 destination floats is written.
 * With fewer lanes the kernels do not use it, and the test checks that instead of skipping.
 */
class TransposeSquareTest {

    private static final int N = 16;

    @Test
    void movesEveryElementToItsTransposedPlaceBitForBit() {
        if (PanamaKernelSupport.SPECIES.length() != N) {
            assertFalse(PanamaKernelSupport.VECTOR_TRANSPOSES,
                    "with " + PanamaKernelSupport.SPECIES.length() + " lanes the square transpose must not be used");
            return;
        }
        for (int from : new int[] {0, 3, 16}) {
            for (int to : new int[] {0, 5}) {
                float[] src = new float[from + N * N + 7];
                for (int i = 0; i < src.length; i++) {
                    // Distinct bit patterns: NaNs, negative and positive subnormals (the smallest is 0 and −0).
                    src[i] = Float.intBitsToFloat(i % 3 == 0 ? 0x7fc0_0000 + i : i % 3 == 1 ? 0x8000_0000 + i : i);
                }
                float sentinel = -1234.5f;
                float[] dst = new float[to + N * N + 9];
                java.util.Arrays.fill(dst, sentinel);
                PanamaKernelSupport.transposeSquare(src, from, dst, to);
                for (int r = 0; r < N; r++) {
                    for (int c = 0; c < N; c++) {
                        float expected = src[from + N * r + c];
                        float actual = dst[to + N * c + r];
                        if (Float.isNaN(expected)) {
                            assertTrue(Float.isNaN(actual), "row " + r + ", column " + c + ": " + actual);
                        } else {
                            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                                    "row " + r + ", column " + c);
                        }
                    }
                }
                for (int i = 0; i < dst.length; i++) {
                    if (i < to || i >= to + N * N) {
                        assertEquals(Float.floatToRawIntBits(sentinel), Float.floatToRawIntBits(dst[i]), "outside at " + i);
                    }
                }
            }
        }
    }
}
