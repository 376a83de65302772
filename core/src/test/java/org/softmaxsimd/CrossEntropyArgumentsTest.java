package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to CrossEntropy: a clear exception, and nothing written. */
class CrossEntropyArgumentsTest {

    private final float[] logits = {1f, 2f, 3f, 4f, 5f, 6f};
    private final float[] d = filled(6);

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, TestRows.SENTINEL);
        return a;
    }

    private void assertRejected(Class<? extends Throwable> type, String mention, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' should mention '" + mention + "'");
        for (float v : d) {
            assertEquals(TestRows.SENTINEL, v, "written before the check");
        }
    }

    @Test
    void labelsOutsideTheClassesNameTheRowAndValue() {
        CrossEntropy.Options o = CrossEntropy.Options.defaults();
        assertRejected(IllegalArgumentException.class, "labels[1] = 3 is outside [0, 3)",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[] {0, 3}, 0, d, 0, 2, 3, o));
        assertRejected(IllegalArgumentException.class, "labels[0] = -1",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[] {-1, 0}, 0, d, 0, 2, 3, o));
        assertRejected(IllegalArgumentException.class, "is not the ignore label -100",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[] {0, 7}, 0, d, 0, 2, 3,
                        o.withIgnoreLabel(-100)));
        assertRejected(IllegalArgumentException.class, "label = 6 is outside [0, 6)",
                () -> CrossEntropy.lossAndGradient(logits, 0, 6, d, 0, 6));
    }

    @Test
    void shapesAndSlicesAreChecked() {
        CrossEntropy.Options o = CrossEntropy.Options.defaults();
        assertRejected(IllegalArgumentException.class, "classes must be >= 1",
                () -> CrossEntropy.lossAndGradient(logits, 0, 0, d, 0, 0));
        assertRejected(IndexOutOfBoundsException.class, "logits: offset 0 + length 9",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[3], 0, d, 0, 3, 3, o));
        assertRejected(IndexOutOfBoundsException.class, "dlogits: offset 4 + length 6",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[2], 0, d, 4, 2, 3, o));
        assertRejected(IndexOutOfBoundsException.class, "labels: offset 1 + length 2",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[2], 1, d, 0, 2, 3, o));
        assertRejected(IllegalArgumentException.class, "classWeights.length (2) must equal classes (3)",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[2], 0, d, 0, 2, 3,
                        o.withClassWeights(new float[2])));
        assertRejected(IllegalArgumentException.class, "partially overlaps",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[1], 0, logits, 1, 1, 3, o));
        assertRejected(IllegalArgumentException.class, "dlogits [0, 6) overlaps targets [0, 6)",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, d, 0, d, 0, 2, 3, Reduction.SUM));
        assertRejected(NullPointerException.class, "labels",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, (int[]) null, 0, d, 0, 2, 3, o));
    }

    @Test
    void optionsRejectBadValues() {
        assertThrows(IllegalArgumentException.class, () -> CrossEntropy.Options.defaults().withLabelSmoothing(1.5f));
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.Options.defaults().withLabelSmoothing(Float.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.Options.defaults().withClassWeights(new float[] {1f, -2f}));
        assertTrue(e.getMessage().contains("classWeights[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.Options.defaults().withClassWeights(new float[] {Float.POSITIVE_INFINITY}));
    }

    @Test
    void ignoredRowsGetZeroGradientsAndAllIgnoredMeanIsNaN() {
        CrossEntropy.Options o = CrossEntropy.Options.defaults().withIgnoreLabel(-100);
        float[] g = filled(6);
        float loss = CrossEntropy.lossAndGradientRows(logits, 0, new int[] {-100, 2}, 0, g, 0, 2, 3, o);
        for (int i = 0; i < 3; i++) {
            assertEquals(0f, g[i]);
        }
        assertEquals(CrossEntropy.loss(logits, 3, 2, 3), loss, 1e-6);
        assertTrue(Float.isNaN(CrossEntropy.lossAndGradientRows(logits, 0, new int[] {-100, -100}, 0, g, 0, 2, 3, o)));
        assertEquals(0f, CrossEntropy.lossAndGradientRows(logits, 0, new int[] {-100, -100}, 0, g, 0, 2, 3,
                o.withReduction(Reduction.SUM)));
    }

    @Test
    void singleRowFormIsNegativeLogProbability() {
        float[] g = new float[3];
        float loss = CrossEntropy.lossAndGradient(new float[] {1f, 2f, 3f}, 0, 0, g, 0, 3);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 1, loss, 1e-6);
        assertEquals(Math.exp(1 - lse) - 1, g[0], 1e-7);
        assertEquals(Math.exp(3 - lse), g[2], 1e-7);
    }
}
