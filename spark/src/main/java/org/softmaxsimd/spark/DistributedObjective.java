package org.softmaxsimd.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.train.Objective;
import org.softmaxsimd.train.ObjectiveGroups;
import org.softmaxsimd.train.SparseGroup;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * The softmax-regression objective over the packed groups of a fit, evaluated on the executors with core's
 * kernels: each evaluation broadcasts the float32 parameters, computes every group's partial sums where its
 * block lives ({@link ObjectiveGroups.Evaluator}), and adds them on the driver in group order
 * ({@link ObjectiveGroups#finish}). The arithmetic is that of core's {@code SoftmaxObjective}, so for the same
 * rows in the same order J and ∇J are bitwise those of a local evaluation, for any partitioning. For sparse
 * blocks the parameters are laid out as core's {@code SparseSoftmaxObjective} (Wᵀ, then the bias) and each
 * group returns compact sums over the Wᵀ rows its features touch ({@link SparseGroup}), bitwise those of
 * that local objective.
 */
final class DistributedObjective implements Objective {

    private final JavaSparkContext context;
    private final PackedData data;
    private final SoftmaxRegression shape;
    private final double lambda;
    private final int dimension;
    private final float[] parameters;
    private final ObjectiveGroups.Partial total;
    private final Set<String> kernelsSeen = new TreeSet<>();
    private double lastAccuracy = Double.NaN;
    private long evaluations;
    private double firstValue = Double.NaN;
    private long firstNanos;

    DistributedObjective(JavaSparkContext context, PackedData data, SoftmaxRegression shape, double lambda) {
        this.context = context;
        this.data = data;
        this.shape = shape;
        this.lambda = lambda;
        this.dimension = shape.parameters().length;
        this.parameters = new float[dimension];
        this.total = new ObjectiveGroups.Partial(dimension);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void roundToStorage(double[] x) {
        ObjectiveGroups.toStorage(shape, x, parameters);
        for (int j = 0; j < dimension; j++) {
            x[j] = parameters[j];
        }
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
        ObjectiveGroups.toStorage(shape, x, parameters);
        Broadcast<float[]> theta = context.broadcast(parameters.clone());
        GroupTask task = new GroupTask(shape.classes(), shape.features(), shape.hasBias(), shape.hasPivot(), theta,
                data.sparse);
        List<GroupResult> results;
        try {
            results = new ArrayList<>(data.blocks.map(task::evaluate).collect());
        } finally {
            theta.destroy();
        }
        results.sort(Comparator.comparingInt(r -> r.group));
        int groups = ObjectiveGroups.groups(data.rows);
        if (results.size() != groups) {
            throw new IllegalStateException("got the partial sums of " + results.size() + " groups, expected "
                    + groups);
        }
        total.clear();
        for (int g = 0; g < groups; g++) {
            GroupResult result = results.get(g);
            if (result.group != g) {
                throw new IllegalStateException("group " + g + " is missing from the partial sums");
            }
            if (result.touched == null) {
                result.partial.addTo(total);
            } else {
                SparseGroup.addCompact(result.touched, result.partial, total, shape.classes(), shape.hasBias());
            }
            kernelsSeen.add(result.kernels);
        }
        evaluations++;
        lastAccuracy = (double) total.correct() / data.rows;
        double value = ObjectiveGroups.finish(shape, parameters, lambda, total);
        if (evaluations == 1) {
            firstValue = value;
            firstNanos = System.nanoTime();
        }
        System.arraycopy(total.gradient(), 0, gradient, 0, dimension);
        return value;
    }

    @Override
    public double lastAccuracy() {
        return lastAccuracy;
    }

    /** The kernel paths the executors reported, e.g. {@code panama, 16 float lanes}; more than one is a warning. */
    Set<String> kernelsSeen() {
        return kernelsSeen;
    }

    long evaluations() {
        return evaluations;
    }

    /** Seconds from {@code start} (a nanoTime) to the end of the first evaluation. */
    double firstSeconds(long start) {
        return (firstNanos - start) * 1e-9;
    }

    /** J at the first evaluated point (the start of L-BFGS). */
    double firstValue() {
        return firstValue;
    }

    /** What an executor computes for one group; holds only serializable state. */
    private static final class GroupTask implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int classes;
        private final int features;
        private final boolean bias;
        private final boolean pivot;
        private final Broadcast<float[]> theta;
        private final boolean sparse;

        GroupTask(int classes, int features, boolean bias, boolean pivot, Broadcast<float[]> theta, boolean sparse) {
            this.classes = classes;
            this.features = features;
            this.bias = bias;
            this.pivot = pivot;
            this.theta = theta;
            this.sparse = sparse;
        }

        GroupResult evaluate(GroupBlock block) {
            SoftmaxRegression shape = new SoftmaxRegression(classes, features,
                    SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
            if (sparse) {
                // Wᵀ layout: the group's compact sums over the Wᵀ rows its features touch, as core's sparse objective.
                SparseGroup group = SparseGroup.of(block.rowStart, 0, block.rows, block.index, block.value,
                        block.labels, 0, block.weights, 0, features, new int[block.index.length]);
                ObjectiveGroups.Evaluator evaluator = new ObjectiveGroups.Evaluator(shape,
                        group.scratchFloats(classes));
                ObjectiveGroups.Partial partial = new ObjectiveGroups.Partial(group.partialDimension(classes));
                group.evaluate(evaluator, theta.value(), partial);
                return new GroupResult(block.group, partial, group.touchedFeatureIds(), kernelDescription());
            }
            ObjectiveGroups.Evaluator evaluator = new ObjectiveGroups.Evaluator(shape);
            ObjectiveGroups.Partial partial = new ObjectiveGroups.Partial(shape.parameters().length);
            evaluator.evaluate(theta.value(), block.x, 0, block.labels, 0, block.weights, 0, block.rows, partial);
            return new GroupResult(block.group, partial, null, kernelDescription());
        }
    }

    /** The kernel path of this JVM, as the summary and the warning name it. */
    static String kernelDescription() {
        return Softmax.implementation() + ", " + Softmax.lanes() + " float lanes";
    }

    /** One group's partial sums and the kernels that computed them. */
    private static final class GroupResult implements Serializable {
        private static final long serialVersionUID = 1L;
        final int group;
        final ObjectiveGroups.Partial partial;
        /** For a sparse group: its touched features (the partial is compact); null for a dense one. */
        final int[] touched;
        final String kernels;

        GroupResult(int group, ObjectiveGroups.Partial partial, int[] touched, String kernels) {
            this.group = group;
            this.partial = partial;
            this.touched = touched;
            this.kernels = kernels;
        }
    }
}
