package org.softmaxsimd.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ObjectiveGroups;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * Softmax regression (multinomial logistic regression) as a Spark ML estimator, trained full-batch with
 * softmax-simd's SIMD kernels on the executors and its L-BFGS on the driver. A drop-in for MLlib's
 * {@code LogisticRegression} with {@code family = "multinomial"} and {@code elasticNetParam = 0} in a
 * {@code Pipeline}: the same column params, {@code regParam} with the same meaning (the penalty
 * (λ/2)‖W‖², the intercept not penalised), {@code fitIntercept}, {@code maxIter}, {@code tol}; the features
 * are used as they are (MLlib's {@code standardization = false}).
 *
 * <p>What it adds: it minimises exactly that objective (MLlib optimises a rescaled problem and stops far from
 * its optimum on badly scaled features), and it is reproducible: the rows are cut into fixed groups by their
 * index in the dataset's order, so for the same rows in the same order the coefficients are bitwise identical
 * for any number of partitions, on every repeated fit, and equal to a local fit with core's
 * {@code SoftmaxObjective} and {@code Lbfgs}.
 *
 * <p>Executors need {@code --add-modules=jdk.incubator.vector} for the SIMD kernels (Spark 4 passes it to
 * the executors it starts; in local mode they are threads of the driver, so it is the driver JVM's flag).
 * Without it they compute the same objective on scalar kernels, slower; a fit whose executors report
 * different kernel paths logs a warning and records them in its {@link SoftmaxSimdTrainingSummary}.
 *
 * <p>Input: a vector column of features (dense or sparse, all of one size, finite) and a numeric label
 * column of class indices (integers ≥ 0; the class count K is the largest label + 1, at least 2). A bad
 * row is an {@link IllegalArgumentException} naming the column and the row's index. An optional
 * {@code weightCol} weighs the rows (as MLlib's): J = −(1/Σw) Σ w·log p(y|x) + (λ/2)‖W‖².
 */
public final class SoftmaxSimdClassifier
        extends ProbabilisticClassifier<Vector, SoftmaxSimdClassifier, SoftmaxSimdClassificationModel>
        implements MLWritable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SoftmaxSimdClassifier.class);

    private final String uid;
    private final DoubleParam regParam;
    private final BooleanParam fitIntercept;
    private final IntParam maxIter;
    private final DoubleParam tol;
    private final IntParam memory;
    private final BooleanParam pivot;
    private final Param<String> weightCol;
    private final Param<String> featureStorage;

    /** An estimator with a random uid and the default params. */
    public SoftmaxSimdClassifier() {
        this(Identifiable$.MODULE$.randomUID("softmaxSimd"));
    }

    /**
     * An estimator with this uid and the default params (the constructor that Spark's readers and
     * {@code copy} call).
     *
     * @param uid the stage's unique id
     */
    public SoftmaxSimdClassifier(String uid) {
        this(ConstructionUid.hold(uid));
    }

    private SoftmaxSimdClassifier(ConstructionUid pending) {
        super();
        this.uid = pending.release();
        Lbfgs.Options lbfgs = Lbfgs.Options.defaults();
        regParam = new DoubleParam(this, "regParam", "the L2 penalty λ of (λ/2)‖W‖² (>= 0; the intercept is not"
                + " penalised)", ParamValidators.gtEq(0.0));
        fitIntercept = new BooleanParam(this, "fitIntercept", "whether to fit an intercept per class");
        maxIter = new IntParam(this, "maxIter", "the most L-BFGS iterations (>= 1)", ParamValidators.gtEq(1));
        tol = new DoubleParam(this, "tol", "stop when one iteration lowers the objective by at most this, relative"
                + " (>= 0)", ParamValidators.gtEq(0.0));
        memory = new IntParam(this, "memory", "the L-BFGS curvature pairs kept (>= 1)", ParamValidators.gtEq(1));
        pivot = new BooleanParam(this, "pivot", "whether the last class is a pivot fixed at 0 (the K-1"
                + " parameterisation)");
        weightCol = new Param<>(this, "weightCol", "a column of row weights (finite, >= 0; unset or empty: every"
                + " row weighs 1)");
        featureStorage = new Param<>(this, "featureStorage", "how the executors keep the features: sparse (CSR,"
                + " never a dense matrix; the weights trained as W^T), dense, or auto (sparse when the first row's"
                + " vector is a SparseVector)", ParamValidators.inArray(new String[] {"auto", "sparse", "dense"}));
        setDefault(featureStorage, "auto");
        setDefault(regParam, 0.0);
        setDefault(fitIntercept, true);
        setDefault(maxIter, lbfgs.maxIterations());
        setDefault(tol, lbfgs.relativeDecrease());
        setDefault(memory, lbfgs.memory());
        setDefault(pivot, false);
    }

    @Override
    public String uid() {
        return uid != null ? uid : ConstructionUid.pending();
    }

    /** @return the L2 penalty λ (default 0) */
    public DoubleParam regParam() {
        return regParam;
    }

    /** @return whether an intercept per class is fitted (default true) */
    public BooleanParam fitIntercept() {
        return fitIntercept;
    }

    /** @return the most L-BFGS iterations (default 2000, core's default) */
    public IntParam maxIter() {
        return maxIter;
    }

    /** @return the relative-decrease tolerance of L-BFGS (default 1e-13, core's default) */
    public DoubleParam tol() {
        return tol;
    }

    /** @return the L-BFGS curvature pairs kept (default 10) */
    public IntParam memory() {
        return memory;
    }

    /** @return whether the last class is a pivot fixed at 0 (default false) */
    public BooleanParam pivot() {
        return pivot;
    }

    /** @return the row-weight column (no default: every row weighs 1) */
    public Param<String> weightCol() {
        return weightCol;
    }

    /** @return λ */
    public double getRegParam() {
        return (Double) getOrDefault(regParam);
    }

    /** @return whether an intercept is fitted */
    public boolean getFitIntercept() {
        return (Boolean) getOrDefault(fitIntercept);
    }

    /** @return the iteration limit */
    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    /** @return the relative-decrease tolerance */
    public double getTol() {
        return (Double) getOrDefault(tol);
    }

    /** @return the curvature pairs kept */
    public int getMemory() {
        return (Integer) getOrDefault(memory);
    }

    /** @return whether the last class is a pivot */
    public boolean getPivot() {
        return (Boolean) getOrDefault(pivot);
    }

    /** @return the row-weight column */
    public String getWeightCol() {
        return getOrDefault(weightCol);
    }

    /**
     * @param value λ ≥ 0
     * @return this estimator
     */
    public SoftmaxSimdClassifier setRegParam(double value) {
        set(regParam, value);
        return this;
    }

    /**
     * @param value whether to fit an intercept per class
     * @return this estimator
     */
    public SoftmaxSimdClassifier setFitIntercept(boolean value) {
        set(fitIntercept, value);
        return this;
    }

    /**
     * @param value the most L-BFGS iterations (≥ 1)
     * @return this estimator
     */
    public SoftmaxSimdClassifier setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    /**
     * @param value the relative-decrease tolerance (≥ 0)
     * @return this estimator
     */
    public SoftmaxSimdClassifier setTol(double value) {
        set(tol, value);
        return this;
    }

    /**
     * @param value the curvature pairs kept (≥ 1)
     * @return this estimator
     */
    public SoftmaxSimdClassifier setMemory(int value) {
        set(memory, value);
        return this;
    }

    /**
     * @param value whether the last class is a pivot fixed at 0
     * @return this estimator
     */
    public SoftmaxSimdClassifier setPivot(boolean value) {
        set(pivot, value);
        return this;
    }

    /**
     * @param value a numeric column of row weights, finite and ≥ 0 (used as float32): J becomes
     *              −(1/Σw) Σ w·log p(y|x) + (λ/2)‖W‖²
     * @return this estimator
     */
    /**
     * How the executors keep the features (default {@code auto}).
     *
     * @return the featureStorage param: {@code auto}, {@code sparse} or {@code dense}
     */
    public Param<String> featureStorage() {
        return featureStorage;
    }

    /**
     * The feature storage: {@code sparse} packs each group's rows in CSR form (the non-zeros only, for feature
     * counts a dense matrix cannot hold; the model must not have a pivot), {@code dense} as rows × features
     * floats, {@code auto} sparse when the first row's features are a {@code SparseVector}.
     *
     * @return the storage in use
     */
    public String getFeatureStorage() {
        return getOrDefault(featureStorage);
    }

    /**
     * Sets the feature storage ({@code auto}, {@code sparse} or {@code dense}).
     *
     * @param value the storage
     * @return this estimator
     */
    public SoftmaxSimdClassifier setFeatureStorage(String value) {
        set(featureStorage, value);
        return this;
    }

    public SoftmaxSimdClassifier setWeightCol(String value) {
        set(weightCol, value);
        return this;
    }

    /** The L-BFGS options of these params. */
    Lbfgs.Options lbfgsOptions() {
        return Lbfgs.Options.defaults().withMaxIterations(getMaxIter()).withRelativeDecrease(getTol())
                .withMemory(getMemory());
    }

    /** The model parameterisation of these params. */
    SoftmaxRegression.Options modelOptions() {
        return SoftmaxRegression.Options.defaults().withBias(getFitIntercept()).withPivot(getPivot());
    }

    @Override
    public SoftmaxSimdClassificationModel train(Dataset<?> dataset) {
        long start = System.nanoTime();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        String weights = isDefined(weightCol) ? getWeightCol() : null;
        try (PackedData data = PackedData.pack(dataset, getFeaturesCol(), getLabelCol(), weights,
                getFeatureStorage())) {
            if (data.sparse && getPivot()) {
                throw new IllegalArgumentException("featureStorage sparse does not support pivot: set pivot false or"
                        + " featureStorage dense");
            }
            SoftmaxRegression model = new SoftmaxRegression(data.classes, data.features, modelOptions());
            DistributedObjective objective = new DistributedObjective(context, data, model, getRegParam());
            double[] theta = new double[objective.dimension()];
            List<Double> history = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            LOG.info("softmax-simd: fitting {} rows, {} features ({}), {} classes in {} groups, lambda {}", data.rows,
                    data.features, data.sparse ? "sparse" : "dense", data.classes, data.blocks.getNumPartitions(),
                    getRegParam());
            Lbfgs.Result result = new Lbfgs(lbfgsOptions()).minimize(objective, theta, data.rows, progress -> {
                history.add(progress.value());
                times.add((System.nanoTime() - start) * 1e-9);
                LOG.info("softmax-simd: {}", progress);
            });
            history.add(0, objective.firstValue());
            times.add(0, objective.firstSeconds(start));
            List<String> kernels = new ArrayList<>(objective.kernelsSeen());
            if (kernels.size() > 1) {
                LOG.warn("softmax-simd: the executors computed with different kernels {}: start every executor with"
                        + " --add-modules=jdk.incubator.vector on the same kind of CPU for the SIMD path everywhere",
                        kernels);
            }
            float[] parameters = new float[theta.length];
            ObjectiveGroups.toStorage(model, theta, parameters);
            if (data.sparse) {
                parameters = fromTransposed(parameters, data.classes, data.features);
            }
            double[] historyArray = history.stream().mapToDouble(Double::doubleValue).toArray();
            double[] timesArray = times.stream().mapToDouble(Double::doubleValue).toArray();
            SoftmaxSimdTrainingSummary summary = new SoftmaxSimdTrainingSummary(historyArray, timesArray,
                    result.iterations(),
                    objective.evaluations(), result.reason().name(), kernels, (System.nanoTime() - start) * 1e-9);
            return new SoftmaxSimdClassificationModel(uid(), data.classes, data.features, getFitIntercept(),
                    getPivot(), parameters, summary);
        }
    }

    /** K × d weights (then the bias) from Wᵀ (d × K, then the bias). */
    private static float[] fromTransposed(float[] transposed, int classes, int features) {
        float[] p = transposed.clone();
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                p[k * features + j] = transposed[j * classes + k];
            }
        }
        return p;
    }

    @Override
    public SoftmaxSimdClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    /** @return the reader of saved estimators (what {@code Pipeline.load} calls) */
    public static MLReader<SoftmaxSimdClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads an estimator saved with {@code write().save(path)}.
     *
     * @param path the folder it was saved to
     * @return the estimator with its saved params
     */
    public static SoftmaxSimdClassifier load(String path) {
        return read().load(path);
    }
}
