package org.softmaxsimd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * J and ∇J of the distributed objective are bitwise those of core's local {@link SoftmaxObjective} on the same
 * rows, for 1, 2, 3 and 7 input partitions, with fewer rows than one chunk, a row count that is not a multiple
 * of 256, and more rows than 32 chunks (several chunks per group).
 */
class DistributedObjectiveTest {

    @ParameterizedTest(name = "m = {0}, bias {1}, pivot {2}")
    @CsvSource({"100, true, false", "1000, true, true", "9001, false, false"})
    void equalsTheLocalObjectiveForAnyPartitioning(int rows, boolean bias, boolean pivot) {
        int features = 13;
        int classes = 5;
        Dataset data = SparkTestSession.clusters(rows, features, classes, rows);
        SoftmaxRegression shape = new SoftmaxRegression(classes, features,
                SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
        double[] theta = new double[shape.parameters().length];
        SplittableRandom random = new SplittableRandom(3);
        for (int j = 0; j < theta.length; j++) {
            theta[j] = random.nextGaussian() * 0.1;
        }
        double lambda = 1e-3;
        double[] localGradient = new double[theta.length];
        double local;
        try (SoftmaxObjective objective = new SoftmaxObjective(shape, data, lambda, 2)) {
            objective.roundToStorage(theta);
            local = objective.evaluate(theta, localGradient);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        for (int partitions : new int[] {1, 2, 3, 7}) {
            try (PackedData packed = PackedData.pack(SparkTestSession.frame(data, partitions, false), "features",
                    "label", null, "dense")) {
                assertEquals(rows, packed.rows);
                assertEquals(classes, packed.classes);
                DistributedObjective objective = new DistributedObjective(context, packed, shape, lambda);
                double[] gradient = new double[theta.length];
                double value = objective.evaluate(theta, gradient);
                assertEquals(Double.doubleToLongBits(local), Double.doubleToLongBits(value),
                        partitions + " partitions: J " + value + " vs local " + local);
                Bits.assertBitwise(localGradient, gradient, partitions + " partitions: the gradient");
                assertEquals(1, objective.kernelsSeen().size(), objective.kernelsSeen().toString());
            }
        }
    }
}
