package org.softmaxsimd.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

import org.softmaxsimd.SparseLinear;
import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.IntSets;

/**
 * The CSR rows of one objective group ({@link ObjectiveGroups}) and the Wᵀ rows they touch, for evaluating
 * the sparse objective group by group — locally ({@link SparseSoftmaxObjective}) or where a distributed
 * evaluator keeps the group. A view: it keeps the arrays it is given (rows {@code [firstRow, firstRow + rows)} of
 * {@code rowStart}, positions in index and value as rowStart says), plus the group's distinct features
 * ascending and, per non-zero, the slot of its feature among them.
 *
 * <p>{@link #evaluate} computes the group's partial sums into a compact {@link ObjectiveGroups.Partial} of
 * {@link #partialDimension} values (the touched Wᵀ rows, slot-major, then the bias); {@link #addTo} adds it
 * into a full one, entry by entry in slot order. The arithmetic is that of the dense evaluator (chunks of 256
 * rows, float sums in a chunk, float64 partials), so the same rows give the same bits wherever they are
 * evaluated. Serializable; not thread-safe to evaluate concurrently (one evaluator per thread).
 */
public final class SparseGroup implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where each row's non-zeros start (absolute positions in index and value). */
    private final int[] rowStart;
    /** The group's first row in rowStart. */
    private final int firstRow;
    /** The group's row count. */
    private final int rows;
    /** The feature index of each non-zero. */
    private final int[] index;
    /** The value of each non-zero. */
    private final float[] value;
    /** The labels, the group's first at labelsOffset. */
    private final int[] labels;
    /** Index in labels of the group's first label. */
    private final int labelsOffset;
    /** Row weights, or null for none. */
    private final float[] weights;
    /** Index in weights of the group's first weight. */
    private final int weightsOffset;
    /** The group's distinct features, ascending. */
    private final int[] touched;
    /** Per non-zero position of the group: the slot of its feature in touched. */
    private final int[] slotOf;

    private SparseGroup(int[] rowStart, int firstRow, int rows, int[] index, float[] value, int[] labels,
                        int labelsOffset, float[] weights, int weightsOffset, int[] touched, int[] slotOf) {
        this.rowStart = rowStart;
        this.firstRow = firstRow;
        this.rows = rows;
        this.index = index;
        this.value = value;
        this.labels = labels;
        this.labelsOffset = labelsOffset;
        this.weights = weights;
        this.weightsOffset = weightsOffset;
        this.touched = touched;
        this.slotOf = slotOf;
    }

    /**
     * A group of {@code rows} CSR rows from {@code firstRow}. {@code slotOf} receives, at each of the group's
     * non-zero positions, the slot of its feature (it may be shared by the groups of one dataset: each writes
     * only its own positions); it must hold at least {@code rowStart[firstRow + rows]} entries.
     *
     * @param rowStart      where each row's non-zeros start (absolute positions in index and value)
     * @param firstRow      the group's first row in rowStart
     * @param rows          the group's row count (≥ 1)
     * @param index         the feature index of each non-zero, in [0, features)
     * @param value         the value of each non-zero
     * @param labels        the labels, the group's first at labelsOffset
     * @param labelsOffset  index in labels of the group's first label
     * @param weights       row weights (finite, ≥ 0), the group's first at weightsOffset, or null for none
     * @param weightsOffset index in weights of the group's first weight
     * @param features      the feature count d
     * @param slotOf        receives the slots of the group's non-zeros, at their positions
     * @return the group
     * @throws IllegalArgumentException or IndexOutOfBoundsException if a slice is out of range or an index is
     *                                  outside [0, features)
     */
    public static SparseGroup of(int[] rowStart, int firstRow, int rows, int[] index, float[] value, int[] labels,
                                 int labelsOffset, float[] weights, int weightsOffset, int features, int[] slotOf) {
        Checks.atLeast("rows", rows, 1);
        int from = Checks.csr(rowStart, firstRow, index, value, rows, features);
        int to = rowStart[firstRow + rows];
        Checks.slice("labels", labels, labelsOffset, rows);
        if (weights != null) {
            Checks.slice("weights", weights, weightsOffset, rows);
        }
        Checks.slice("slotOf", slotOf, 0, to);
        int[] touched = IntSets.distinctSorted(index, from, to);
        for (int n = from; n < to; n++) {
            slotOf[n] = Arrays.binarySearch(touched, index[n]);
        }
        return new SparseGroup(rowStart, firstRow, rows, index, value, labels, labelsOffset, weights, weightsOffset,
                touched, slotOf);
    }

    /**
     * The group's row count.
     *
     * @return the number of rows
     */
    public int rows() {
        return rows;
    }

    /**
     * The number of distinct features of the group's rows.
     *
     * @return how many Wᵀ rows the group touches
     */
    public int touchedFeatures() {
        return touched.length;
    }

    /**
     * The size of this group's compact partial for K classes: the touched Wᵀ rows, then K bias entries.
     *
     * @param classes the class count K
     * @return {@code (touchedFeatures() + 1) · K}
     */
    public int partialDimension(int classes) {
        return (touched.length + 1) * classes;
    }

    /**
     * Overwrites {@code out} (of {@link #partialDimension} values) with the group's partial sums at the float32
     * parameters Wᵀ (d × K), then the bias.
     *
     * @param evaluator  the scratch of one thread, for models of this shape
     * @param parameters Wᵀ then the bias, as {@link SparseSoftmaxObjective} lays them out
     * @param out        receives the group's loss, rows right, weight and compact gradient
     */
    public void evaluate(ObjectiveGroups.Evaluator evaluator, float[] parameters, ObjectiveGroups.Partial out) {
        SoftmaxRegression shape = evaluator.shape();
        int classes = shape.classes();
        int features = shape.features();
        int biasAt = classes * features;
        float[] b = shape.hasBias() ? parameters : null;
        int localBias = touched.length * classes;
        evaluator.evaluateChunks(labels, labelsOffset, weights, weightsOffset, rows, out,
                new ObjectiveGroups.ChunkLayer() {
                    @Override
                    public void logits(int done, int m, float[] z) {
                        SparseLinear.logitsRows(rowStart, firstRow + done, index, value, parameters, 0, b, biasAt, z,
                                0, m, classes, features);
                    }

                    @Override
                    public void addGradient(float[] dz, int done, int m, float[] scratch, double[] partial) {
                        // The chunk's gradient in the group's slots (slotOf as the CSR index): O(nnz·K), not d·K.
                        int from = rowStart[firstRow + done];
                        int to = rowStart[firstRow + done + m];
                        for (int n = from; n < to; n++) {
                            int at = slotOf[n] * classes;
                            Arrays.fill(scratch, at, at + classes, 0f);
                        }
                        Arrays.fill(scratch, localBias, localBias + classes, 0f);
                        SparseLinear.accumulateGradient(dz, 0, rowStart, firstRow + done, slotOf, value, scratch, 0,
                                b == null ? null : scratch, localBias, m, classes, touched.length, 1f);
                        for (int n = from; n < to; n++) {
                            int at = slotOf[n] * classes;
                            // Added, then cleared: a feature of several rows adds its row once (then zeros).
                            for (int c = 0; c < classes; c++) {
                                partial[at + c] += scratch[at + c];
                                scratch[at + c] = 0f;
                            }
                        }
                        if (b != null) {
                            for (int c = 0; c < classes; c++) {
                                partial[localBias + c] += scratch[localBias + c];
                            }
                        }
                    }
                });
    }

    /**
     * Adds the compact partial {@code compact} of this group into the full partial {@code total} (Wᵀ, then the
     * bias, of K·d + K values or K·d without a bias): the loss, rows right and weight, then the touched rows in
     * slot order and the bias. Call it on the groups in group order.
     *
     * @param compact the group's partial, from {@link #evaluate}
     * @param total   the running total of the full dimension
     * @param classes the class count K
     * @param bias    whether the model has a bias
     */
    public void addTo(ObjectiveGroups.Partial compact, ObjectiveGroups.Partial total, int classes, boolean bias) {
        addCompact(touched, compact, total, classes, bias);
    }

    /**
     * The group's distinct features, ascending: what {@link #addCompact} needs where the group itself is not
     * (a distributed evaluator sends these with the compact partial).
     *
     * @return a copy of the touched feature ids
     */
    public int[] touchedFeatureIds() {
        return touched.clone();
    }

    /**
     * {@link #addTo} from the touched feature ids of a group instead of the group.
     *
     * @param touched the group's {@link #touchedFeatureIds}
     * @param compact the group's partial, from {@link #evaluate}
     * @param total   the running total of the full dimension
     * @param classes the class count K
     * @param bias    whether the model has a bias
     */
    public static void addCompact(int[] touched, ObjectiveGroups.Partial compact, ObjectiveGroups.Partial total,
                                  int classes, boolean bias) {
        Objects.requireNonNull(touched, "touched");
        Objects.requireNonNull(compact, "compact");
        Objects.requireNonNull(total, "total");
        compact.addSumsTo(total);
        double[] local = compact.gradient();
        double[] sum = total.gradient();
        for (int i = 0; i < touched.length; i++) {
            int at = touched[i] * classes;
            for (int c = 0; c < classes; c++) {
                sum[at + c] += local[i * classes + c];
            }
        }
        if (bias) {
            int biasAt = sum.length - classes;
            int localBias = touched.length * classes;
            for (int c = 0; c < classes; c++) {
                sum[biasAt + c] += local[localBias + c];
            }
        }
    }

    /**
     * The largest scratch an evaluator needs for this group: its compact partial's size in floats.
     *
     * @param classes the class count K
     * @return {@link #partialDimension}
     */
    public int scratchFloats(int classes) {
        return partialDimension(classes);
    }
}
