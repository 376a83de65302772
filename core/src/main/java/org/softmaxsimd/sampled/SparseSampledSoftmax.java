package org.softmaxsimd.sampled;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.internal.IntSets;

/**
 * Sampled softmax ({@link SampledSoftmax}) for sparse inputs in CSR form, with the weights stored transposed
 * (Wᵀ, {@code features × classes}): the same loss — each example against its true classes and the batch's shared
 * candidates, with the log-Q correction and accidental-hit removal of the {@link SampledSoftmax.Options} — but the
 * logits are gathered from the rows of Wᵀ of the examples' non-zero features, and the gradient is a
 * {@link BlockGradient} over (the batch's features × the candidate classes). A step costs
 * O(nnz · (numTrue + S)), independent of K and d.
 *
 * <p>Each logit is b_c + Σ value·Wᵀ[index][c] over the row's non-zeros in stored order (float fused multiply-adds);
 * each gradient entry sums its rows in order. Equal, to float rounding, to {@link SampledSoftmax} on the dense
 * form of the rows with W = (Wᵀ)ᵀ and the same candidates. Not thread-safe (scratch is reused).
 */
public final class SparseSampledSoftmax {

    private final int classes;
    private final int features;
    private final SampledSoftmax.Options options;
    private float[] logits = new float[0];
    private float[] dlogits = new float[0];
    private float[] row = new float[0];
    private int[] featureSlot;
    private int[] classSlot;

    /**
     * A loss over {@code classes} classes of {@code features}-dimensional sparse inputs.
     *
     * @param classes  the class count K (≥ 1)
     * @param features the feature count d (≥ 1)
     * @param options  the true classes per example, log-Q correction and accidental-hit removal
     */
    public SparseSampledSoftmax(int classes, int features, SampledSoftmax.Options options) {
        this.classes = Checks.atLeast("classes", classes, 1);
        this.features = Checks.atLeast("features", features, 1);
        this.options = Checks.notNull("options", options);
        this.featureSlot = new int[features];
        this.classSlot = new int[classes];
    }

    /**
     * Mean sampled-softmax loss of {@code rows} CSR examples against the explicit candidates; overwrites
     * {@code gradient} with its gradient (the block of the batch's features × the candidate and true classes).
     *
     * @param rowStart       where each row's non-zeros start; entries rowStartOffset … rowStartOffset + rows are read
     * @param rowStartOffset index in {@code rowStart} of the first row's start
     * @param index          the feature index of each non-zero, in [0, features)
     * @param value          the value of each non-zero
     * @param wt             Wᵀ, {@code features × classes} row-major at {@code wtOffset}
     * @param wtOffset       index in {@code wt} of Wᵀ[0][0]
     * @param b              the bias, {@code classes} floats at {@code bOffset}, or null for none
     * @param bOffset        index in {@code b} of the first bias entry
     * @param labels         the true classes, {@code rows × numTrue} ints at {@code labelsOffset}, each in [0, classes)
     * @param labelsOffset   index in {@code labels} of the first example's first true class
     * @param candidates     the shared candidates and their log-Q values
     * @param gradient       receives the gradient of the batch's mean loss (overwritten)
     * @param rows           number of examples (≥ 1)
     * @return the mean sampled-softmax loss of the batch
     * @throws IllegalArgumentException or IndexOutOfBoundsException on a bad slice, label, candidate or shape
     */
    public float lossAndGradient(int[] rowStart, int rowStartOffset, int[] index, float[] value, float[] wt,
                                 int wtOffset, float[] b, int bOffset, int[] labels, int labelsOffset,
                                 CandidateSet candidates, BlockGradient gradient, int rows) {
        Checks.atLeast("rows", rows, 1);
        Checks.notNull("candidates", candidates);
        Checks.notNull("gradient", gradient);
        Checks.csr(rowStart, rowStartOffset, index, value, rows, features);
        long wtSize = (long) features * classes;
        Checks.slice("wt", wt, wtOffset, wtSize);
        if (b != null) {
            Checks.slice("b", b, bOffset, classes);
        }
        int numTrue = options.numTrue();
        Checks.labels("labels", labels, labelsOffset, rows * numTrue, classes);
        int[] ids = candidates.ids();
        Checks.labels("candidates", ids, 0, ids.length, classes);
        if (candidates.labelLogQ() != null && candidates.labelLogQ().length < (long) rows * numTrue) {
            throw new IllegalArgumentException("candidates.labelLogQ().length (" + candidates.labelLogQ().length
                    + ") must be >= rows·numTrue (" + (long) rows * numTrue + ")");
        }
        if (gradient.classesOf() != classes || gradient.featuresOf() != features) {
            throw new IllegalArgumentException("gradient is " + gradient.featuresOf() + " × " + gradient.classesOf()
                    + ", the loss " + features + " × " + classes);
        }
        int sampled = ids.length;
        int trueColumns = rows * numTrue;
        int columns = trueColumns + sampled;
        int width = numTrue + sampled;
        if ((long) rows * columns > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " rows × " + columns + " columns exceed one array");
        }
        if (logits.length < rows * columns) {
            logits = new float[rows * columns];
            dlogits = new float[rows * columns];
        }
        if (row.length < width) {
            row = new float[width];
        }
        // Each example's own columns: its true classes, then the shared candidates (the others stay unused).
        for (int i = 0; i < rows; i++) {
            int from = rowStart[rowStartOffset + i];
            int to = rowStart[rowStartOffset + i + 1];
            for (int j = 0; j < width; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                int c = j < numTrue ? labels[labelsOffset + i * numTrue + j] : ids[j - numTrue];
                float z = b == null ? 0f : b[bOffset + c];
                for (int n = from; n < to; n++) {
                    z = Math.fma(value[n], wt[wtOffset + index[n] * classes + c], z);
                }
                logits[i * columns + col] = z;
            }
        }
        double total = SampledSoftmax.columnLoss(options, logits, dlogits, row, labels, labelsOffset, ids, sampled,
                candidates.logQ(), candidates.labelLogQ(), rows);
        accumulate(rowStart, rowStartOffset, index, value, labels, labelsOffset, ids, gradient, rows, columns);
        return (float) (total / rows);
    }

    /** The block of the batch's features × the columns' classes, and dz·x summed into it (rows in order). */
    private void accumulate(int[] rowStart, int rowStartOffset, int[] index, float[] value, int[] labels,
                            int labelsOffset, int[] ids, BlockGradient gradient, int rows, int columns) {
        int numTrue = options.numTrue();
        int trueColumns = rows * numTrue;
        int first = rowStart[rowStartOffset];
        int last = rowStart[rowStartOffset + rows];
        int[] featureIds = IntSets.distinctSorted(index, first, last);
        int[] classIds = new int[columns];
        System.arraycopy(labels, labelsOffset, classIds, 0, trueColumns);
        System.arraycopy(ids, 0, classIds, trueColumns, columns - trueColumns);
        classIds = IntSets.distinctSorted(classIds, 0, columns);
        for (int i = 0; i < featureIds.length; i++) {
            featureSlot[featureIds[i]] = i;
        }
        for (int c = 0; c < classIds.length; c++) {
            classSlot[classIds[c]] = c;
        }
        gradient.reset(featureIds, classIds);
        float[] g = gradient.valuesArray();
        float[] gb = gradient.biasArray();
        int width = classIds.length;
        int sampled = columns - trueColumns;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < numTrue + sampled; j++) {
                int col = j < numTrue ? i * numTrue + j : trueColumns + j - numTrue;
                int c = classSlot[j < numTrue ? labels[labelsOffset + i * numTrue + j] : ids[j - numTrue]];
                float dz = dlogits[i * columns + col];
                gb[c] += dz;
                for (int n = rowStart[rowStartOffset + i]; n < rowStart[rowStartOffset + i + 1]; n++) {
                    int at = featureSlot[index[n]] * width + c;
                    g[at] = Math.fma(value[n], dz, g[at]);
                }
            }
        }
    }
}
