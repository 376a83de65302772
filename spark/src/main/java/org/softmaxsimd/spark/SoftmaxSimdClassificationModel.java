package org.softmaxsimd.spark;

import java.util.List;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softmaxsimd.train.SoftmaxRegression;

import scala.Option;

/**
 * A softmax-regression model fitted by {@link SoftmaxSimdClassifier}: K classes over d features,
 * coefficients W (K × d), intercepts b (K, zero without {@code fitIntercept}). {@code transform} adds, as
 * MLlib's {@code LogisticRegressionModel} does, the raw prediction z = W·x + b (computed in double from the
 * float32 coefficients), the probabilities softmax(z) (max-shifted, so they never overflow, and they sum to 1
 * within rounding), and the prediction, the most likely class (the lowest index among ties).
 *
 * <p>Features may be dense or sparse vectors of size d; another size is an {@link IllegalArgumentException}.
 * Saved with {@code write().save(path)} (Spark's metadata and one Parquet row of data) and loaded with
 * {@link #load(String)}, also inside a saved {@code PipelineModel}.
 */
public final class SoftmaxSimdClassificationModel
        extends ProbabilisticClassificationModel<Vector, SoftmaxSimdClassificationModel> implements MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final int classes;
    private final int features;
    private final boolean intercept;
    private final boolean pivot;
    /** W row-major, then (with an intercept) b: the layout of core's {@code SoftmaxRegression}. */
    private final float[] parameters;
    private final transient SoftmaxSimdTrainingSummary summary;

    SoftmaxSimdClassificationModel(String uid, int classes, int features, boolean intercept, boolean pivot,
                                   float[] parameters, SoftmaxSimdTrainingSummary summary) {
        this(ConstructionUid.hold(uid), classes, features, intercept, pivot, parameters, summary);
    }

    private SoftmaxSimdClassificationModel(ConstructionUid pending, int classes, int features, boolean intercept,
                                           boolean pivot, float[] parameters, SoftmaxSimdTrainingSummary summary) {
        super();
        this.uid = pending.release();
        long expected = (long) classes * features + (intercept ? classes : 0);
        if (classes < 2 || features < 1 || parameters.length != expected) {
            throw new IllegalArgumentException("a model of " + classes + " classes and " + features
                    + " features needs " + expected + " parameters, got " + parameters.length);
        }
        this.classes = classes;
        this.features = features;
        this.intercept = intercept;
        this.pivot = pivot;
        this.parameters = parameters.clone();
        this.summary = summary;
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int numFeatures() {
        return features;
    }

    /** @return whether the model has an intercept per class */
    public boolean hasIntercept() {
        return intercept;
    }

    /** @return whether the last class is a pivot fixed at 0 */
    public boolean hasPivot() {
        return pivot;
    }

    /** @return the coefficients W as a K × d matrix */
    public Matrix coefficientMatrix() {
        double[] values = new double[classes * features];
        for (int i = 0; i < values.length; i++) {
            values[i] = parameters[i];
        }
        // Row-major values: isTransposed = true.
        return new DenseMatrix(classes, features, values, true);
    }

    /** @return the intercepts b (K values; zeros without an intercept) */
    public Vector interceptVector() {
        double[] b = new double[classes];
        if (intercept) {
            for (int k = 0; k < classes; k++) {
                b[k] = parameters[classes * features + k];
            }
        }
        return new DenseVector(b);
    }

    /**
     * The model as core's {@link SoftmaxRegression}, e.g. to predict without Spark or to save it with core's
     * {@code ModelFile}.
     *
     * @return a copy of the model
     */
    public SoftmaxRegression toSoftmaxRegression() {
        return new SoftmaxRegression(classes, features,
                SoftmaxRegression.Options.defaults().withBias(intercept).withPivot(pivot), parameters);
    }

    /** @return whether this model holds the summary of the fit that made it (a loaded model does not) */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * @return the summary of the fit that made this model
     * @throws IllegalStateException if the model has none (e.g. it was loaded)
     */
    public SoftmaxSimdTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("this model has no training summary (it was loaded or copied)");
        }
        return summary;
    }

    @Override
    public Vector predictRaw(Vector x) {
        if (x.size() != features) {
            throw new IllegalArgumentException("features: a vector of size " + x.size() + ", the model has "
                    + features + " features");
        }
        double[] z = new double[classes];
        if (x instanceof SparseVector sparse) {
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int k = 0; k < classes; k++) {
                int row = k * features;
                double sum = 0;
                for (int i = 0; i < indices.length; i++) {
                    sum += parameters[row + indices[i]] * values[i];
                }
                z[k] = sum;
            }
        } else {
            double[] values = x.toDense().values();
            for (int k = 0; k < classes; k++) {
                int row = k * features;
                double sum = 0;
                for (int j = 0; j < features; j++) {
                    sum += parameters[row + j] * values[j];
                }
                z[k] = sum;
            }
        }
        if (intercept) {
            for (int k = 0; k < classes; k++) {
                z[k] += parameters[classes * features + k];
            }
        }
        return new DenseVector(z);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        if (!(raw instanceof DenseVector dense)) {
            throw new IllegalArgumentException("raw predictions must be a dense vector, got " + raw.getClass());
        }
        double[] z = dense.values();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return raw;
    }

    /**
     * Spark's own (the probabilistic model's) summary-model helper. Declared here only because javac sees two
     * inherited signatures that Scala's covariant return types make one.
     *
     * @return the model and the probability and prediction column names Spark's summaries use
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public SoftmaxSimdClassificationModel copy(ParamMap extra) {
        SoftmaxSimdClassificationModel copy = new SoftmaxSimdClassificationModel(uid, classes, features, intercept,
                pivot, parameters, summary);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** @return the reader of saved models (what {@code PipelineModel.load} calls) */
    public static MLReader<SoftmaxSimdClassificationModel> read() {
        return new Reader();
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the folder it was saved to
     * @return the model with its saved params (without a training summary)
     */
    public static SoftmaxSimdClassificationModel load(String path) {
        return read().load(path);
    }

    private static final StructType DATA_SCHEMA = new StructType()
            .add("numClasses", DataTypes.IntegerType, false)
            .add("numFeatures", DataTypes.IntegerType, false)
            .add("intercept", DataTypes.BooleanType, false)
            .add("pivot", DataTypes.BooleanType, false)
            .add("parameters", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    /** Spark's metadata (class, uid, params) under path/metadata, the coefficients as Parquet under path/data. */
    private static final class Writer extends MLWriter {
        private final SoftmaxSimdClassificationModel model;

        Writer(SoftmaxSimdClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsWriter.saveMetadata(model, path, spark);
            Float[] boxed = new Float[model.parameters.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = model.parameters[i];
            }
            Row row = RowFactory.create(model.classes, model.features, model.intercept, model.pivot,
                    java.util.Arrays.asList(boxed));
            spark.createDataFrame(List.of(row), DATA_SCHEMA).repartition(1).write().parquet(path + "/data");
        }
    }

    private static final class Reader extends MLReader<SoftmaxSimdClassificationModel> {
        @Override
        public SoftmaxSimdClassificationModel load(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark,
                    SoftmaxSimdClassificationModel.class.getName());
            Row row = spark.read().parquet(path + "/data").first();
            List<Float> values = row.getList(4);
            float[] parameters = new float[values.size()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = values.get(i);
            }
            SoftmaxSimdClassificationModel model = new SoftmaxSimdClassificationModel(metadata.uid(),
                    row.getInt(0), row.getInt(1), row.getBoolean(2), row.getBoolean(3), parameters, null);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
