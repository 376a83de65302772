package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The overlaps that the 0.x facades accepted and computed wrongly (each reported with the wrong value it gave)
 * are rejected by the 1.0 aliasing rule of docs/API.md before anything is written.
 */
class AliasingHolesTest {

    /**
     * Runs {@code call}, expects an IllegalArgumentException naming {@code needle}, and checks {@code array}
     * unchanged.
     */
    private static void rejectedUnchanged(float[] array, String needle, Executable call) {
        float[] before = array.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(needle), e.getMessage());
        assertArrayEquals(before, array, "nothing written");
    }

    @Test
    void logSumExpRowsOutputInsideALaterRow() {
        // 0.x: row 2's log-sum-exp came out 1.54 instead of 2.34, overwritten before it was read.
        float[] x = {0, 1, 0, 1, 1, 0, 1, 0, 2, 0, 1, 0};
        rejectedUnchanged(x, "out [8, 11) overlaps x [0, 12)", () -> Softmax.logSumExpRows(x, 0, x, 8, 3, 4));
        // The output exactly at the input's offset is not in place either: row 0's result would overwrite x[1].
        rejectedUnchanged(x, "overlaps x", () -> Softmax.logSumExpRows(x, 0, x, 0, 3, 4));
    }

    @Test
    void biasOverlappingTheLogits() {
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] x = {1, 1, 1};
        float[] bz = {0.5f, 0.25f, 0f, 0f};
        rejectedUnchanged(bz, "z [1, 3) overlaps b [0, 2)",
                () -> Linear.logits(x, 0, w, 0, bz, 0, bz, 1, 2, 3));
        rejectedUnchanged(bz, "overlaps b", () -> Linear.logitsRows(x, 0, w, 0, bz, 0, bz, 1, 1, 2, 3));
    }

    @Test
    void softmaxLayerOutputsAgainstBiasAndInputs() {
        float[] x = {1, 2, 3, 4};
        float[] w = new float[4 * 2];
        float[] b = new float[2];
        int[] labels = {0, 1};
        SoftmaxLayer.Workspace ws = new SoftmaxLayer.Workspace();
        float[] shared = new float[10];
        // dW [0, 8) and b [8, 10) in one array: disjoint, fine; b inside dW: rejected.
        SoftmaxLayer.lossAndGradient(x, 0, w, 0, shared, 8, labels, 0, shared, 0, null, 0, 2, 2, 2, ws);
        float[] dwb = new float[10];
        rejectedUnchanged(dwb, "dw [0, 4) overlaps b [2, 4)",
                () -> SoftmaxLayer.lossAndGradient(x, 0, w, 0, dwb, 2, labels, 0, dwb, 0, null, 0, 2, 2, 2, ws));
        rejectedUnchanged(b, "db [0, 2) overlaps b [0, 2)",
                () -> SoftmaxLayer.lossAndGradient(x, 0, w, 0, b, 0, labels, 0, new float[4], 0, b, 0, 2, 2, 2, ws));
        rejectedUnchanged(x, "db [2, 4) overlaps x [0, 4)",
                () -> SoftmaxLayer.lossAndGradient(x, 0, w, 0, null, 0, labels, 0, new float[4], 0, x, 2, 2, 2, 2,
                        ws));
        float[] wdb = new float[6];
        rejectedUnchanged(wdb, "db [2, 4) overlaps w [0, 4)",
                () -> SoftmaxLayer.lossAndGradient(x, 0, wdb, 0, null, 0, labels, 0, new float[4], 0, wdb, 2, 2, 2, 2,
                        ws));
    }

    @Test
    void crossEntropyGradientOverClassWeightsOrTargets() {
        float[] logits = {1, 2, 3, 4, 5, 6};
        float[] weights = {1, 1, 1, 0, 0, 0};
        float[] firstThree = java.util.Arrays.copyOf(weights, 3);
        CrossEntropy.Options options = CrossEntropy.Options.defaults().withClassWeights(firstThree);
        rejectedUnchanged(firstThree, "dlogits [0, 3) overlaps classWeights [0, 3)",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, new int[] {0}, 0, firstThree, 0, 1, 3, options));
        rejectedUnchanged(weights, "dlogits [0, 6) overlaps targets [0, 6)",
                () -> CrossEntropy.lossAndGradientRows(logits, 0, weights, 0, weights, 0, 2, 3, Reduction.MEAN));
    }
}
