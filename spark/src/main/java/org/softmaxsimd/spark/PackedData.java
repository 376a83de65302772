package org.softmaxsimd.spark;

import java.io.Serializable;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.softmaxsimd.train.ObjectiveGroups;

import scala.Tuple2;

/**
 * The training set of one fit: validated in one pass (the first bad row, by its index in the dataset's order,
 * is reported with its column), then cut into the objective's groups by global row index and packed into one
 * persisted {@link GroupBlock} per group. Because the cut depends only on the row count, so do the sums of
 * the objective: the input's partitioning never changes a bit of the result.
 */
final class PackedData implements AutoCloseable {

    final JavaRDD<GroupBlock> blocks;
    final long rows;
    final int features;
    final int classes;
    /** Whether the blocks hold CSR rows (never a dense matrix) rather than dense ones. */
    final boolean sparse;

    private PackedData(JavaRDD<GroupBlock> blocks, long rows, int features, int classes, boolean sparse) {
        this.blocks = blocks;
        this.rows = rows;
        this.features = features;
        this.classes = classes;
        this.sparse = sparse;
    }

    /**
     * Validates and packs the {@code featuresCol} vectors and {@code labelCol} labels of {@code dataset}.
     *
     * @throws IllegalArgumentException for an empty dataset, a null or wrong-sized vector, a NaN or infinite
     *                                  feature (or one outside the float range), or a label that is not an
     *                                  integer ≥ 0; the message names the column and the row
     */
    static PackedData pack(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol, String storage) {
        boolean weighted = weightCol != null && !weightCol.isEmpty();
        Dataset<Row> selected = weighted ? dataset.select(featuresCol, labelCol, weightCol)
                : dataset.select(featuresCol, labelCol);
        int partitions = Math.max(1, selected.rdd().getNumPartitions());
        JavaPairRDD<Row, Long> indexed = selected.toJavaRDD().zipWithIndex();
        Row head = indexed.keys().take(1).stream().findFirst().orElseThrow(() ->
                new IllegalArgumentException("the dataset is empty: softmax regression needs at least one row"));
        Object firstVector = head.get(0);
        if (!(firstVector instanceof Vector)) {
            throw new IllegalArgumentException("column '" + featuresCol + "', row 0: " + firstVector
                    + " is not a vector");
        }
        int features = ((Vector) firstVector).size();
        if (features < 1) {
            throw new IllegalArgumentException("column '" + featuresCol + "', row 0: the vector is empty");
        }
        boolean sparse = storage.equals("sparse") || (storage.equals("auto") && firstVector instanceof SparseVector);
        RowCheck check = new RowCheck(featuresCol, labelCol, weighted ? weightCol : null, features, sparse);
        Stats stats = indexed.aggregate(Stats.EMPTY, (s, row) -> s.merge(check.check(row._1, row._2)), Stats::merge);
        if (stats.problem != null) {
            throw new IllegalArgumentException(stats.problem);
        }
        if (weighted && !(stats.weight > 0)) {
            throw new IllegalArgumentException("column '" + weightCol + "': the weights sum to " + stats.weight
                    + "; at least one row must weigh more than 0");
        }
        long rows = stats.count;
        int classes = (int) Math.max(2, stats.maxLabel + 1);
        int groups = ObjectiveGroups.groups(rows);
        JavaRDD<GroupBlock> blocks = indexed
                .mapToPair(row -> new Tuple2<>(ObjectiveGroups.groupOf(row._2, rows),
                        check.indexedRow(row._1, row._2)))
                .groupByKey(new HashPartitioner(Math.min(groups, Math.max(partitions, 1))))
                .map(group -> GroupBlock.of(group._1, group._2, features, rows, weighted))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long packed = blocks.count();
        if (packed != groups) {
            throw new IllegalStateException("packed " + packed + " groups, expected " + groups);
        }
        return new PackedData(blocks, rows, features, classes, sparse);
    }

    /** Releases the persisted blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** The validation of one row; serializable, sent to the executors. */
    static final class RowCheck implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Labels stay below this, so that K·d fits the model's arrays and a label is an exact double. */
        static final double MAX_LABEL = 1 << 24;
        private final String featuresCol;
        private final String labelCol;
        /** The weight column, or null for none. */
        private final String weightCol;
        private final int features;
        /** Whether rows are packed in CSR form (the non-zeros of each vector, whatever its type). */
        private final boolean sparse;

        RowCheck(String featuresCol, String labelCol, String weightCol, int features, boolean sparse) {
            this.featuresCol = featuresCol;
            this.labelCol = labelCol;
            this.weightCol = weightCol;
            this.features = features;
            this.sparse = sparse;
        }

        /** The validated row as packed: dense features, or the non-zeros' indices and values. */
        GroupBlock.IndexedRow indexedRow(Row row, long index) {
            if (!sparse) {
                return new GroupBlock.IndexedRow(index, features(row), null, label(row), weight(row));
            }
            Vector v = (Vector) row.get(0);
            SparseVector s = v.toSparse();
            int[] indices = s.indices();
            double[] values = s.values();
            float[] nonZeros = new float[values.length];
            for (int k = 0; k < values.length; k++) {
                nonZeros[k] = (float) values[k];
            }
            return new GroupBlock.IndexedRow(index, nonZeros, indices.clone(), label(row), weight(row));
        }

        /** The row's statistics, or its problem. */
        Stats check(Row row, long index) {
            Object value = row.get(0);
            if (!(value instanceof Vector)) {
                return Stats.problem(index, "column '" + featuresCol + "', row " + index + ": "
                        + (value == null ? "null" : value + " is not a vector"));
            }
            Vector v = (Vector) value;
            if (v.size() != features) {
                return Stats.problem(index, "column '" + featuresCol + "', row " + index + ": a vector of size "
                        + v.size() + " where row 0 has " + features);
            }
            double[] values = values(v);
            for (int k = 0; k < values.length; k++) {
                double x = values[k];
                if (!(Math.abs(x) <= Float.MAX_VALUE)) {
                    int j = v instanceof SparseVector sparse ? sparse.indices()[k] : k;
                    return Stats.problem(index, "column '" + featuresCol + "', row " + index + ", feature " + j
                            + ": " + x + (Double.isNaN(x) || Double.isInfinite(x) ? " (features must be finite)"
                            : " is outside the float range"));
                }
            }
            Object labelValue = row.get(1);
            if (!(labelValue instanceof Number)) {
                return Stats.problem(index, "column '" + labelCol + "', row " + index + ": "
                        + (labelValue == null ? "null" : labelValue + " is not a number"));
            }
            double label = ((Number) labelValue).doubleValue();
            if (!(label >= 0 && label < MAX_LABEL && label == Math.rint(label))) {
                return Stats.problem(index, "column '" + labelCol + "', row " + index + ": " + label
                        + " is not a class label (an integer in [0, " + (long) MAX_LABEL + "))");
            }
            double weight = 1;
            if (weightCol != null) {
                Object w = row.get(2);
                if (!(w instanceof Number)) {
                    return Stats.problem(index, "column '" + weightCol + "', row " + index + ": "
                            + (w == null ? "null" : w + " is not a number"));
                }
                weight = ((Number) w).doubleValue();
                if (!(weight >= 0 && weight <= Float.MAX_VALUE)) {
                    return Stats.problem(index, "column '" + weightCol + "', row " + index + ": weight " + weight
                            + " is not a finite number >= 0 (in the float range)");
                }
            }
            return Stats.row((int) label, (float) weight);
        }

        /** The row's weight as float32 (1 without a weight column). */
        float weight(Row row) {
            return weightCol == null ? 1f : (float) ((Number) row.get(2)).doubleValue();
        }

        /** The row's features as float32, dense (a sparse vector's absent entries are 0). */
        float[] features(Row row) {
            Vector v = (Vector) row.get(0);
            float[] x = new float[features];
            double[] values = values(v);
            if (v instanceof SparseVector sparse) {
                int[] indices = sparse.indices();
                for (int k = 0; k < values.length; k++) {
                    x[indices[k]] = (float) values[k];
                }
            } else {
                for (int j = 0; j < features; j++) {
                    x[j] = (float) values[j];
                }
            }
            return x;
        }

        private static double[] values(Vector v) {
            if (v instanceof SparseVector sparse) {
                return sparse.values();
            }
            return v.toDense().values();
        }

        int label(Row row) {
            return (int) ((Number) row.get(1)).doubleValue();
        }
    }

    /**
     * Row count, largest label, summed weight (only to tell that it is positive: its order varies), and the
     * problem of the lowest-index bad row.
     */
    static final class Stats implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Stats EMPTY = new Stats(0, -1, 0, Long.MAX_VALUE, null);
        final long count;
        final long maxLabel;
        final double weight;
        final long problemRow;
        final String problem;

        private Stats(long count, long maxLabel, double weight, long problemRow, String problem) {
            this.count = count;
            this.maxLabel = maxLabel;
            this.weight = weight;
            this.problemRow = problemRow;
            this.problem = problem;
        }

        static Stats row(int label, float weight) {
            return new Stats(1, label, weight, Long.MAX_VALUE, null);
        }

        static Stats problem(long row, String message) {
            return new Stats(1, -1, 0, row, message);
        }

        Stats merge(Stats other) {
            boolean mine = problemRow <= other.problemRow;
            return new Stats(count + other.count, Math.max(maxLabel, other.maxLabel), weight + other.weight,
                    mine ? problemRow : other.problemRow, mine ? problem : other.problem);
        }
    }
}
