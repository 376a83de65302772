package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.SparseLinear;

/**
 * The CSR objective against the dense one on the same data (J and ∇J within the float32 bound, the gradient
 * transposed), against the float64 objective, bitwise across thread counts, to the same optimum with L-BFGS on
 * MNIST stored sparse; and the checks of {@link SparseDataset} and {@link SparseLinear}.
 */
class SparseObjectiveTest {

    /** Clusters with about 70% of the entries set to 0, as text-like features are. */
    private static Dataset sparseish(int rows, int features, int classes, long seed) {
        Dataset d = TrainingData.clusters(rows, features, classes, seed);
        SplittableRandom random = new SplittableRandom(seed + 1);
        float[] x = d.x().clone();
        for (int i = 0; i < x.length; i++) {
            if (random.nextDouble() < 0.7) {
                x[i] = 0f;
            }
        }
        return new Dataset(x, d.labels(), features);
    }

    @Test
    void denseAndSparseGiveTheSameObjective() {
        for (boolean bias : new boolean[] {true, false}) {
            int classes = 9;
            int features = 37;
            Dataset dense = sparseish(700, features, classes, 3);
            SparseDataset sparse = SparseDataset.of(dense);
            assertTrue(sparse.nonZeros() < 0.4 * dense.x().length);
            SoftmaxRegression model = new SoftmaxRegression(classes, features,
                    SoftmaxRegression.Options.defaults().withBias(bias));
            for (int i = 0; i < model.parameters().length; i++) {
                model.parameters()[i] = (float) (0.2 * Math.sin(0.7 * i));
            }
            double lambda = 1e-3;
            try (SoftmaxObjective d = new SoftmaxObjective(model, dense, lambda, 1);
                 SparseSoftmaxObjective s = new SparseSoftmaxObjective(model, sparse, lambda, 1)) {
                double[] xd = d.parametersOf(model);
                double[] xs = s.parametersOf(model);
                double[] gd = new double[xd.length];
                double[] gs = new double[xs.length];
                double jd = d.evaluate(xd, gd);
                double js = s.evaluate(xs, gs);
                assertEquals(jd, js, 1e-6 * jd, "J, bias " + bias);
                assertEquals(d.lastAccuracy(), s.lastAccuracy());
                double[] reference = new double[xd.length];
                double j64 = new Float64Objective(dense, classes, bias, false, lambda).evaluate(xd, reference);
                assertEquals(j64, js, 1e-6 * j64);
                for (int k = 0; k < classes; k++) {
                    for (int j = 0; j < features; j++) {
                        assertEquals(gd[k * features + j], gs[j * classes + k], 1e-6, "∇W " + k + "," + j);
                        assertEquals(reference[k * features + j], gs[j * classes + k], 1e-6, "∇W vs float64");
                    }
                }
                for (int i = classes * features; i < xd.length; i++) {
                    assertEquals(gd[i], gs[i], 1e-6, "∇b " + i);
                }
                // The layout conversions are inverse to each other.
                SoftmaxRegression back = new SoftmaxRegression(classes, features,
                        SoftmaxRegression.Options.defaults().withBias(bias));
                s.copyInto(xs, back);
                assertArrayEquals(model.parameters(), back.parameters());
            }
        }
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Dataset dense = sparseish(40 * 256 + 77, 23, 5, 4);
        SparseDataset sparse = SparseDataset.of(dense);
        SoftmaxRegression model = new SoftmaxRegression(5, 23, SoftmaxRegression.Options.defaults());
        double[] first = null;
        double firstJ = 0;
        for (int threads : new int[] {1, 2, 3}) {
            try (SparseSoftmaxObjective s = new SparseSoftmaxObjective(model, sparse, 1e-4, threads)) {
                double[] x = new double[s.dimension()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 0.1 * Math.cos(i);
                }
                s.roundToStorage(x);
                double[] g = new double[x.length];
                double j = s.evaluate(x, g);
                if (first == null) {
                    first = g;
                    firstJ = j;
                } else {
                    assertEquals(Double.doubleToRawLongBits(firstJ), Double.doubleToRawLongBits(j), threads + " threads");
                    assertArrayEquals(first, g, 0, threads + " threads");
                }
            }
        }
    }

    @Test
    void lbfgsOnMnistStoredSparseReachesTheDenseOptimum() {
        Dataset all = TrainingData.mnist().train();
        int rows = 1000;
        Dataset dense = new Dataset(Arrays.copyOf(all.x(), rows * all.features()), Arrays.copyOf(all.labels(), rows),
                all.features());
        SparseDataset sparse = SparseDataset.of(dense);
        double lambda = 1e-2;
        Lbfgs lbfgs = new Lbfgs(Lbfgs.Options.defaults().withGradientTolerance(1e-6));
        SoftmaxRegression model = new SoftmaxRegression(10, all.features(), SoftmaxRegression.Options.defaults());
        double denseJ;
        try (SoftmaxObjective d = new SoftmaxObjective(model, dense, lambda, 2)) {
            double[] x = d.parametersOf(model);
            denseJ = lbfgs.minimize(d, x, rows, ProgressListener.NONE).value();
        }
        try (SparseSoftmaxObjective s = new SparseSoftmaxObjective(model, sparse, lambda, 2)) {
            double[] x = s.parametersOf(model);
            double sparseJ = lbfgs.minimize(s, x, rows, ProgressListener.NONE).value();
            assertEquals(denseJ, sparseJ, 1e-6 * denseJ, "J* dense " + denseJ + ", sparse " + sparseJ);
            SoftmaxRegression fitted = new SoftmaxRegression(10, all.features(), SoftmaxRegression.Options.defaults());
            s.copyInto(x, fitted);
            assertEquals(sparseJ, fitted.objective(dense, lambda), 1e-6 * sparseJ, "the copied model");
        }
    }

    @Test
    void badDatasetsAreRefusedWithTheRowNamed() {
        int[] labels = {0, 1};
        assertMessage("rowStart.length", () -> new SparseDataset(new int[] {0, 1}, new int[] {0}, new float[] {1f},
                labels, 3));
        assertMessage("index.length", () -> new SparseDataset(new int[] {0, 1, 1}, new int[] {0}, new float[2],
                labels, 3));
        assertMessage("must start at 0", () -> new SparseDataset(new int[] {1, 1, 1}, new int[] {0}, new float[1],
                labels, 3));
        assertMessage("rowStart[2] = 1 is below", () -> new SparseDataset(new int[] {0, 2, 1, 2},
                new int[] {0, 1}, new float[2], new int[] {0, 0, 0}, 3));
        assertMessage("row 1: index[1] = 3 is outside [0, 3)", () -> new SparseDataset(new int[] {0, 1, 2},
                new int[] {0, 3}, new float[2], labels, 3));
        assertMessage("row 0: index[1] = 0 does not increase", () -> new SparseDataset(new int[] {0, 2, 2},
                new int[] {0, 0}, new float[2], labels, 3));
        assertMessage("row 1: value[1] = NaN", () -> new SparseDataset(new int[] {0, 1, 2}, new int[] {0, 1},
                new float[] {1f, Float.NaN}, labels, 3));
        assertMessage("labels[1] = -1", () -> new SparseDataset(new int[] {0, 0, 0}, new int[0], new float[0],
                new int[] {0, -1}, 3));
        assertMessage("features must be >= 1", () -> new SparseDataset(new int[] {0}, new int[0], new float[0],
                new int[0], 0));
        SparseDataset ok = new SparseDataset(new int[] {0, 2, 2}, new int[] {0, 2}, new float[] {1f, -2f}, labels, 3);
        assertArrayEquals(new float[] {1f, 0f, -2f, 0f, 0f, 0f}, ok.toDense().x());
        assertMessage("labels[1] = 1 is outside [0, 1)", () -> ok.checkLabels(1));
        SoftmaxRegression pivot = new SoftmaxRegression(2, 3, SoftmaxRegression.Options.defaults().withPivot(true));
        assertMessage("pivot", () -> new SparseSoftmaxObjective(pivot, ok, 0, 1));
        SoftmaxRegression four = new SoftmaxRegression(2, 4, SoftmaxRegression.Options.defaults());
        assertMessage("features", () -> new SparseSoftmaxObjective(four, ok, 0, 1));
    }

    @Test
    void theLinearFacadeChecksTheCsrSliceBeforeWriting() {
        int[] rowStart = {0, 2, 3};
        int[] index = {0, 2, 1};
        float[] value = {1f, 2f, 3f};
        float[] wt = new float[3 * 2];
        float[] z = new float[4];
        Arrays.fill(z, 5f);
        assertThrows(IllegalArgumentException.class, () -> SparseLinear.logitsRows(new int[] {0, 2, 1}, 0, index,
                value, wt, 0, null, 0, z, 0, 2, 2, 3), "a decreasing rowStart");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 0, new int[] {0, 3, 1},
                value, wt, 0, null, 0, z, 0, 2, 2, 3), "an index outside [0, features)");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 0, index,
                new float[2], wt, 0, null, 0, z, 0, 2, 2, 3), "value shorter than the non-zeros");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 1, index, value, wt, 0,
                null, 0, z, 0, 2, 2, 3), "rowStart shorter than rows + 1");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 0, index, value,
                new float[5], 0, null, 0, z, 0, 2, 2, 3), "wt");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 0, index, value, wt, 0,
                new float[1], 0, z, 0, 2, 2, 3), "b");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.logitsRows(rowStart, 0, index, value, wt, 0,
                null, 0, new float[3], 0, 2, 2, 3), "z");
        float[] shared = new float[10];
        assertThrows(IllegalArgumentException.class, () -> SparseLinear.logitsRows(rowStart, 0, index, value, shared,
                0, null, 0, shared, 4, 2, 2, 3), "z overlapping wt");
        assertArrayEquals(new float[] {5f, 5f, 5f, 5f}, z, "nothing written");
        float[] dwt = new float[6];
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.accumulateGradient(new float[3], 0, rowStart, 0,
                index, value, dwt, 0, null, 0, 2, 2, 3, 1f), "dz");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.accumulateGradient(new float[4], 0, rowStart, 0,
                index, value, new float[5], 0, null, 0, 2, 2, 3, 1f), "dwt");
        assertThrows(IndexOutOfBoundsException.class, () -> SparseLinear.accumulateGradient(new float[4], 0, rowStart, 0,
                index, value, dwt, 0, new float[1], 0, 2, 2, 3, 1f), "db");
        assertThrows(IllegalArgumentException.class, () -> SparseLinear.accumulateGradient(new float[4], 0, rowStart, 0,
                index, value, shared, 0, shared, 5, 2, 2, 3, 1f), "db inside dwt");
        assertArrayEquals(new float[6], dwt, "nothing written");
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
    }
}
