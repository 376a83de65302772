package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The cut of m rows into chunks and groups, and the partial sums of one group, on their own (the objective
 * and the Spark evaluator both rest on them): the arithmetic of the cut against its definition, the group of
 * every row, a group evaluated at an offset against the float64 objective, and row weights against repeated
 * rows.
 */
class ObjectiveGroupsTest {

    @Test
    void chunksAndGroupsFollowTheRowCount() {
        long[] rows = {1, 255, 256, 257, 512, 8191, 8192, 8193, 1_000_000, 3_000_000_000L};
        for (long m : rows) {
            long chunks = (m + 255) / 256;
            assertEquals(chunks, ObjectiveGroups.chunks(m), "chunks of " + m);
            assertEquals((int) Math.min(32, chunks), ObjectiveGroups.groups(m), "groups of " + m);
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.chunks(0));
        assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.groups(-5));
    }

    @Test
    void groupsAreConsecutiveRunsOfWholeChunksOfNearlyEqualSize() {
        for (long m : new long[] {1, 200, 256, 300, 777, 8192, 8193, 20_000, 1_000_003, 3_000_000_000L}) {
            int groups = ObjectiveGroups.groups(m);
            long chunks = ObjectiveGroups.chunks(m);
            assertEquals(0, ObjectiveGroups.firstRow(0, m));
            assertEquals(m, ObjectiveGroups.firstRow(groups, m));
            long smallest = Long.MAX_VALUE;
            long largest = 0;
            for (int g = 0; g < groups; g++) {
                long first = ObjectiveGroups.firstRow(g, m);
                long end = ObjectiveGroups.firstRow(g + 1, m);
                assertTrue(end > first, "group " + g + " of " + m + " is empty");
                assertEquals(0, first % 256, "a group starts on a chunk");
                assertEquals(g * chunks / groups * 256, first, "group " + g + " of " + m);
                long chunksInGroup = (Math.min(end, m) + 255) / 256 - first / 256;
                smallest = Math.min(smallest, chunksInGroup);
                largest = Math.max(largest, chunksInGroup);
            }
            assertTrue(largest - smallest <= 1, "group sizes " + smallest + ".." + largest + " chunks for " + m);
            long m0 = m;
            assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.firstRow(-1, m0));
            assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.firstRow(groups + 1, m0));
        }
    }

    @Test
    void everyRowIsInTheGroupThatGroupOfNames() {
        for (long m : new long[] {1, 257, 8193, 100_000, 3_000_000_000L}) {
            int groups = ObjectiveGroups.groups(m);
            for (int g = 0; g < groups; g++) {
                long first = ObjectiveGroups.firstRow(g, m);
                long last = ObjectiveGroups.firstRow(g + 1, m) - 1;
                for (long row : new long[] {first, first + 1, (first + last) / 2, last - 1, last}) {
                    if (row >= first && row <= last) {
                        assertEquals(g, ObjectiveGroups.groupOf(row, m), "row " + row + " of " + m);
                    }
                }
            }
            long m0 = m;
            assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.groupOf(-1, m0));
            assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.groupOf(m0, m0));
        }
    }

    @Test
    void aGroupAtAnOffsetMatchesTheFloat64Objective() {
        int classes = 7;
        int features = 13;
        int skip = 3;
        Dataset all = TrainingData.clusters(skip + 600, features, classes, 8);
        // The group: rows [skip, skip + 600) of the array, more than two chunks.
        float[] groupX = Arrays.copyOfRange(all.x(), skip * features, all.x().length);
        int[] groupY = Arrays.copyOfRange(all.labels(), skip, all.labels().length);
        Dataset group = new Dataset(groupX, groupY, features);
        for (boolean pivot : new boolean[] {false, true}) {
            SoftmaxRegression shape = new SoftmaxRegression(classes, features,
                    SoftmaxRegression.Options.defaults().withPivot(pivot));
            double[] theta = pointFor(shape);
            float[] parameters = new float[theta.length];
            ObjectiveGroups.toStorage(shape, theta, parameters);
            if (pivot) {
                for (int j = 0; j < features; j++) {
                    assertEquals(0f, parameters[(classes - 1) * features + j], "the pivot row is cleared");
                }
            }
            ObjectiveGroups.Partial partial = new ObjectiveGroups.Partial(theta.length);
            new ObjectiveGroups.Evaluator(shape).evaluate(parameters, all.x(), skip * features, all.labels(), skip,
                    600, partial);
            assertEquals(600, partial.weight());
            double lambda = 0.01;
            double j = ObjectiveGroups.finish(shape, parameters, lambda, partial);
            double[] expectedGradient = new double[theta.length];
            double[] rounded = new double[theta.length];
            for (int i = 0; i < rounded.length; i++) {
                rounded[i] = parameters[i];
            }
            double expected = new Float64Objective(group, classes, true, pivot, lambda).evaluate(rounded,
                    expectedGradient);
            assertEquals(expected, j, 1e-6 * Math.abs(expected));
            for (int i = 0; i < theta.length; i++) {
                assertEquals(expectedGradient[i], partial.gradient()[i], 1e-5, "gradient " + i);
            }
        }
    }

    @Test
    void rowWeightsCountLikeRepeatedRows() {
        int classes = 5;
        int features = 9;
        Dataset data = TrainingData.clusters(300, features, classes, 4);
        SoftmaxRegression shape = new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults());
        float[] parameters = new float[shape.parameters().length];
        ObjectiveGroups.toStorage(shape, pointFor(shape), parameters);
        ObjectiveGroups.Evaluator evaluator = new ObjectiveGroups.Evaluator(shape);

        ObjectiveGroups.Partial unweighted = evaluate(evaluator, parameters, data, null);
        float[] ones = new float[300];
        Arrays.fill(ones, 1f);
        ObjectiveGroups.Partial weightOne = evaluate(evaluator, parameters, data, ones);
        assertEquals(unweighted.weight(), weightOne.weight());
        assertEquals(unweighted.correct(), weightOne.correct());
        assertEquals(unweighted.loss(), weightOne.loss(), 1e-6 * unweighted.loss());
        // Weighted rows go one at a time through the one-row cross-entropy (finished in double), unweighted ones
        // through the batched form (finished L rows at a time in float on the SIMD path): the gradients agree
        // within the float rounding of their sums over the rows, a norm-wise 1e-6 (an ignored weight would be off
        // by whole rows' terms).
        assertArrayEquals(unweighted.gradient(), weightOne.gradient(), 1e-6 * maxAbs(unweighted.gradient()));

        // Weight 2 on the first 100 rows, 0 on the last 100 = the first 100 rows twice and the middle 100 once.
        float[] weights = new float[300];
        Arrays.fill(weights, 0, 100, 2f);
        Arrays.fill(weights, 100, 200, 1f);
        ObjectiveGroups.Partial weighted = evaluate(evaluator, parameters, data, weights);
        float[] repeatedX = new float[300 * features];
        int[] repeatedY = new int[300];
        System.arraycopy(data.x(), 0, repeatedX, 0, 100 * features);
        System.arraycopy(data.x(), 0, repeatedX, 100 * features, 200 * features);
        System.arraycopy(data.labels(), 0, repeatedY, 0, 100);
        System.arraycopy(data.labels(), 0, repeatedY, 100, 200);
        ObjectiveGroups.Partial repeated = evaluate(evaluator, parameters, new Dataset(repeatedX, repeatedY, features),
                null);
        assertEquals(300, weighted.weight());
        assertEquals(repeated.loss(), weighted.loss(), 1e-6 * repeated.loss());
        assertArrayEquals(repeated.gradient(), weighted.gradient(), 1e-6 * maxAbs(repeated.gradient()));
        assertEquals(unweighted.correct(), weighted.correct(), "correct counts rows, whatever their weight");
    }

    @Test
    void partialsAddAndFinishDividesByTheTotalWeight() {
        SoftmaxRegression shape = new SoftmaxRegression(2, 1, SoftmaxRegression.Options.defaults());
        ObjectiveGroups.Partial a = new ObjectiveGroups.Partial(4);
        ObjectiveGroups.Partial total = new ObjectiveGroups.Partial(4);
        assertThrows(IllegalArgumentException.class, () -> ObjectiveGroups.finish(shape, new float[4], 0, total),
                "a total weight of 0");
        assertThrows(IllegalArgumentException.class, () -> a.addTo(new ObjectiveGroups.Partial(3)));
        assertThrows(IllegalArgumentException.class, () -> new ObjectiveGroups.Partial(0));
        Dataset one = new Dataset(new float[] {1f, -1f}, new int[] {0, 1}, 1);
        new ObjectiveGroups.Evaluator(shape).evaluate(new float[] {0.5f, -0.5f, 0.25f, 0f}, one.x(), 0, one.labels(),
                0, 2, a);
        a.addTo(total);
        a.addTo(total);
        assertEquals(4, total.weight());
        assertEquals(2 * a.loss(), total.loss());
        assertEquals(2 * a.correct(), total.correct());
        double[] sum = total.gradient().clone();
        double lambda = 0.5;
        double j = ObjectiveGroups.finish(shape, new float[] {0.5f, -0.5f, 0.25f, 0f}, lambda, total);
        assertEquals(total.loss() / 4 + 0.5 * lambda * (0.25 + 0.25), j, 1e-15);
        assertEquals(sum[0] / 4 + lambda * 0.5, total.gradient()[0], 1e-15);
        assertEquals(sum[1] / 4 - lambda * 0.5, total.gradient()[1], 1e-15);
        assertEquals(sum[2] / 4, total.gradient()[2], 1e-15, "the bias is not penalised");
        total.clear();
        assertEquals(0, total.weight());
        assertEquals(0, total.loss());
        assertEquals(0, total.correct());
        assertTrue(Arrays.stream(total.gradient()).allMatch(v -> v == 0));
    }

    private static ObjectiveGroups.Partial evaluate(ObjectiveGroups.Evaluator evaluator, float[] parameters, Dataset data,
                                                    float[] weights) {
        ObjectiveGroups.Partial p = new ObjectiveGroups.Partial(parameters.length);
        evaluator.evaluate(parameters, data.x(), 0, data.labels(), 0, weights, 0, data.rows(), p);
        return p;
    }

    private static double[] pointFor(SoftmaxRegression shape) {
        double[] theta = new double[shape.parameters().length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.3 * Math.sin(1.7 * i + 0.4);
        }
        return theta;
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
