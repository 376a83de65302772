package org.softmaxsimd.train;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.SparseLinear;
import org.softmaxsimd.internal.Predictions;
import org.softmaxsimd.sampled.CandidateRandom;
import org.softmaxsimd.sampled.BlockGradient;
import org.softmaxsimd.sampled.CandidateSampler;
import org.softmaxsimd.sampled.CandidateSet;
import org.softmaxsimd.sampled.Candidates;
import org.softmaxsimd.sampled.SampledSoftmax;
import org.softmaxsimd.sampled.SparseSampledSoftmax;
import org.softmaxsimd.sampled.SparseRowGradient;

/**
 * Mini-batch stochastic gradient descent on the softmax-regression objective, with momentum (classical or
 * Nesterov, in PyTorch's form: v ← μv + g; θ ← θ − η·(Nesterov ? g + μv : v)), a learning-rate schedule and a
 * seeded shuffle of the examples every epoch. g is the mean cross-entropy gradient of the batch plus λθ on
 * the weights (the bias is not penalised; a pivot class stays 0). The same seed gives the same model.
 * {@link #trainSampled} drives sampled softmax the same way, with sparse row updates. One thread; not
 * thread-safe.
 */
public final class Sgd {

    private final Options options;

    /**
     * An optimizer with these options.
     *
     * @param options the epochs, batch size, rates, momentum and seed
     */
    public Sgd(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A learning rate per epoch (0-based) from the base rate. */
    @FunctionalInterface
    public interface Schedule {
        /**
         * The rate of {@code epoch}.
         *
         * @param epoch the epoch, from 0
         * @param baseRate the base learning rate η
         * @return the learning rate of the epoch
         */
        double rate(int epoch, double baseRate);

        /**
         * The base rate in every epoch.
         *
         * @return the schedule
         */
        static Schedule constant() {
            return (epoch, base) -> base;
        }

        /**
         * The base rate times {@code factor} every {@code epochs} epochs.
         *
         * @param epochs passes over the data (≥ 1)
         * @param factor the factor applied at each step (in (0, 1])
         * @return the schedule
         */
        static Schedule stepDecay(int epochs, double factor) {
            if (epochs < 1 || !(factor > 0)) {
                throw new IllegalArgumentException("stepDecay needs epochs >= 1 and factor > 0, but got " + epochs
                        + " and " + factor);
            }
            return (epoch, base) -> base * Math.pow(factor, epoch / epochs);
        }

        /**
         * base / (1 + decay·epoch).
         *
         * @param decay the decay d ≥ 0 of η/(1 + d·epoch)
         * @return the schedule
         */
        static Schedule inverseTime(double decay) {
            if (!(decay >= 0)) {
                throw new IllegalArgumentException("decay must be >= 0, but was " + decay);
            }
            return (epoch, base) -> base / (1 + decay * epoch);
        }
    }

    /**
     * Settings.
     *
     * @param epochs       passes over the data (≥ 1)
     * @param batchSize    examples per step (≥ 1; the last batch of an epoch may be smaller)
     * @param learningRate base rate η (> 0)
     * @param momentum     μ in [0, 1)
     * @param nesterov     Nesterov momentum instead of the classical one
     * @param schedule     the rate of each epoch
     * @param seed         the shuffle seed
     */
    public record Options(int epochs, int batchSize, double learningRate, double momentum, boolean nesterov,
                          Schedule schedule, long seed) {

        /**
         * Checks each bound.
         *
         * @param epochs passes over the data (≥ 1)
         * @param batchSize examples per step (≥ 1; the last batch of an epoch may be smaller)
         * @param learningRate base rate η (> 0)
         * @param momentum μ in [0, 1)
         * @param nesterov Nesterov momentum instead of the classical one
         * @param schedule the rate of each epoch
         * @param seed the shuffle seed
         */
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, but was " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, but was " + batchSize);
            }
            if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, but was " + learningRate);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), but was " + momentum);
            }
            Objects.requireNonNull(schedule, "schedule");
        }

        /**
         * 10 epochs, batches of 128, η = 0.5, momentum 0.9 (classical), constant rate, seed 1.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(10, 128, 0.5, 0.9, false, Schedule.constant(), 1);
        }

        /**
         * These options with another number of epochs (≥ 1).
         *
         * @param count passes over the data (≥ 1)
         * @return the new options
         */
        public Options withEpochs(int count) {
            return new Options(count, batchSize, learningRate, momentum, nesterov, schedule, seed);
        }

        /**
         * These options with another batch size (≥ 1).
         *
         * @param size examples per step (≥ 1)
         * @return the new options
         */
        public Options withBatchSize(int size) {
            return new Options(epochs, size, learningRate, momentum, nesterov, schedule, seed);
        }

        /**
         * These options with another base learning rate (finite, &gt; 0).
         *
         * @param rate the base learning rate (finite, &gt; 0)
         * @return the new options
         */
        public Options withLearningRate(double rate) {
            return new Options(epochs, batchSize, rate, momentum, nesterov, schedule, seed);
        }

        /**
         * These options with another momentum μ in [0, 1).
         *
         * @param mu the momentum in [0, 1)
         * @return the new options
         */
        public Options withMomentum(double mu) {
            return new Options(epochs, batchSize, learningRate, mu, nesterov, schedule, seed);
        }

        /**
         * These options with Nesterov ({@code true}) or classical momentum.
         *
         * @param enabled {@code true} to turn the option on
         * @return the new options
         */
        public Options withNesterov(boolean enabled) {
            return new Options(epochs, batchSize, learningRate, momentum, enabled, schedule, seed);
        }

        /**
         * These options with another learning-rate schedule.
         *
         * @param rates the schedule
         * @return the new options
         */
        public Options withSchedule(Schedule rates) {
            return new Options(epochs, batchSize, learningRate, momentum, nesterov, rates, seed);
        }

        /**
         * These options with another shuffle (and draw) seed.
         *
         * @param value the seed
         * @return the new options
         */
        public Options withSeed(long value) {
            return new Options(epochs, batchSize, learningRate, momentum, nesterov, schedule, value);
        }
    }

    /**
     * Trains {@code model} in place on {@code data} with weight decay λ; reports one {@link Progress} per epoch
     * (value: the mean batch objective of the epoch).
     *
     * @param model the model, trained in place
     * @param data the training examples
     * @param lambda the L2 weight decay λ (finite, ≥ 0; the bias is not decayed)
     * @param listener receives one {@link Progress} per epoch ({@link ProgressListener#NONE} for none)
     * @return the mean batch objective of the last epoch
     */
    public double train(SoftmaxRegression model, Dataset data, double lambda, ProgressListener listener) {
        checkData(model, data, lambda);
        DenseBatch batch = new DenseBatch(data, batchRows(data.rows()));
        int classes = model.classes();
        int d = model.features();
        float[] theta = model.parameters();
        int weights = model.weightCount();
        float[] bias = model.hasBias() ? theta : null;
        float[] gradient = new float[theta.length];
        float[] velocity = new float[theta.length];
        float[] logits = new float[batch.size * classes];
        CrossEntropy.Options mean = CrossEntropy.Options.defaults();
        Epochs epochs = new Epochs(data.rows(), batch.size, true);
        return epochs.run(listener, batch, (m, rate) -> {
            float[] x = batch.x;
            int[] labels = batch.labels;
            Linear.logitsRows(x, 0, theta, 0, bias, weights, logits, 0, m, classes, d);
            epochs.correct += Predictions.countCorrect(logits, m, classes, labels, 0);
            double loss = CrossEntropy.lossAndGradientRows(logits, 0, labels, 0, logits, 0, m, classes, mean);
            Arrays.fill(gradient, 0f);
            Linear.accumulateGradient(logits, 0, x, 0, gradient, 0, bias == null ? null : gradient, weights, m,
                    classes, d, 1f);
            Linear.addWeightDecay(theta, 0, gradient, 0, classes, d, (float) lambda);
            // The batch objective at the point the step starts from: the penalty of θ before it moves.
            double penalty = 0.5 * lambda * squaredNorm(theta, weights);
            step(gradient, velocity, theta, rate, model);
            return loss + penalty;
        });
    }

    /**
     * Trains {@code model} in place on CSR examples: the update rule of {@link #train(SoftmaxRegression, Dataset,
     * double, ProgressListener)}, computed over the non-zeros ({@link org.softmaxsimd.SparseLinear}, weights held
     * as Wᵀ during training), with the sparse update of large linear models: each step changes only the weight
     * rows of the features that occur in its batch, and the weight decay λ and the momentum apply to those rows
     * when they are touched (lazily, as in sparse SGD implementations); the bias, dense, moves every step. With
     * μ = 0 and λ = 0 this is the dense update to float rounding; otherwise the rows of rare features lag the
     * dense schedule. A step costs O(batch non-zeros · K), whatever d. Reports one {@link Progress} per epoch
     * (value: the mean batch cross-entropy of the epoch plus (λ/2)‖W‖² at the epoch's end).
     *
     * @param model the model, trained in place; it must not have a pivot class
     * @param data the training examples
     * @param lambda the L2 weight decay λ (finite, ≥ 0; the bias is not decayed)
     * @param listener receives one {@link Progress} per epoch ({@link ProgressListener#NONE} for none)
     * @return the value of the last epoch
     * @throws IllegalArgumentException on a pivot class, a feature-count mismatch, a label outside [0, K), no rows
     *                                  or a bad λ
     */
    public double train(SoftmaxRegression model, SparseDataset data, double lambda, ProgressListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (model.hasPivot()) {
            throw new IllegalArgumentException("sparse SGD does not support a pivot class");
        }
        checkData(model, data, lambda);
        int classes = model.classes();
        int d = model.features();
        SparseBatch batch = new SparseBatch(data, batchRows(data.rows()));
        TransposedState state = new TransposedState(model);
        float[] weightsT = state.weightsT;
        float[] bias = state.bias;
        float[] velocityT = state.velocityT;
        float[] biasVelocity = state.biasVelocity;
        float[] biasGradient = new float[classes];
        float[] logits = new float[batch.size * classes];
        SparseRowGradient touched = new SparseRowGradient(d, classes);
        CrossEntropy.Options mean = CrossEntropy.Options.defaults();
        float mu = (float) options.momentum();
        Epochs epochs = new Epochs(data.rows(), batch.size, true);
        epochs.epochEnd = () -> 0.5 * lambda * squaredNorm(weightsT, weightsT.length);
        double last = epochs.run(listener, batch, (m, rate) -> {
            SparseLinear.logitsRows(batch.rowStart, 0, batch.index, batch.value, weightsT, 0, bias, 0, logits, 0, m,
                    classes, d);
            epochs.correct += Predictions.countCorrect(logits, m, classes, batch.labels, 0);
            double loss = CrossEntropy.lossAndGradientRows(logits, 0, batch.labels, 0, logits, 0, m, classes, mean);
            touched.clear();
            for (int r = 0; r < m; r++) {
                for (int n = batch.rowStart[r]; n < batch.rowStart[r + 1]; n++) {
                    touched.addScaled(batch.index[n], batch.value[n], logits, r * classes);
                }
            }
            SparseRowGradient.Momentum rule = (options.nesterov() ? SparseRowGradient.Momentum.nesterov(rate, mu)
                    : SparseRowGradient.Momentum.classical(rate, mu)).withWeightDecay((float) lambda);
            touched.applyMomentum(weightsT, 0, null, 0, velocityT, 0, null, 0, rule);
            if (bias != null) {
                Arrays.fill(biasGradient, 0f);
                for (int r = 0; r < m; r++) {
                    for (int k = 0; k < classes; k++) {
                        biasGradient[k] += logits[r * classes + k];
                    }
                }
                for (int k = 0; k < classes; k++) {
                    float v = mu * biasVelocity[k] + biasGradient[k];
                    biasVelocity[k] = v;
                    bias[k] -= rate * (options.nesterov() ? biasGradient[k] + mu * v : v);
                }
            }
            return loss;
        });
        state.copyInto(model);
        return last;
    }

    /**
     * Trains {@code model} in place with sampled softmax (see {@link SampledSoftmax}): per mini-batch,
     * {@code negatives} unique classes drawn by {@code sampler} and shared by the batch, the log-Q correction,
     * accidental hits removed, and a momentum step on the touched rows only
     * ({@link SparseRowGradient#applyMomentum}, with the weight decay λ applied to those rows). A step costs
     * O((batch + negatives)·d) whatever K. Reports one {@link Progress} per epoch (value: the mean sampled loss
     * of the epoch, which is not the full-softmax objective: evaluate that with
     * {@link SoftmaxRegression#objective}). The seed fixes both the shuffle and the draws.
     *
     * @param model the model, trained in place
     * @param data the training examples
     * @param lambda the L2 weight decay λ (finite, ≥ 0; the bias is not decayed)
     * @param sampler draws the negatives, over [0, K)
     * @param negatives unique negatives per batch, in [1, K]
     * @param listener receives one {@link Progress} per epoch ({@link ProgressListener#NONE} for none)
     * @return the mean sampled loss of the last epoch
     * @throws IllegalArgumentException if the model has a pivot class (every class row is trained here), if the
     *                                  sampler's range is not K, or negatives is not in [1, K]
     */
    public double trainSampled(SoftmaxRegression model, Dataset data, double lambda, CandidateSampler sampler,
                               int negatives, ProgressListener listener) {
        checkSampled(model, sampler, negatives);
        checkData(model, data, lambda);
        DenseBatch batch = new DenseBatch(data, batchRows(data.rows()));
        float[] theta = model.parameters();
        float[] bias = model.hasBias() ? theta : null;
        float[] velocity = new float[theta.length];
        SampledSoftmax loss = new SampledSoftmax(model.classes(), model.features());
        SparseRowGradient gradient = new SparseRowGradient(model.classes(), model.features());
        Candidates drawn = new Candidates();
        CandidateRandom random = new CandidateRandom(options.seed() ^ 0x5DEECE66DL);
        float mu = (float) options.momentum();
        return new Epochs(data.rows(), batch.size, false).run(listener, batch, (m, rate) -> {
            sampler.sampleUnique(random, negatives, drawn);
            gradient.clear();
            double value = loss.lossAndGradient(batch.x, 0, theta, 0, bias, model.biasOffset(), batch.labels, 0,
                    sampler, drawn, gradient, m);
            SparseRowGradient.Momentum step = (options.nesterov() ? SparseRowGradient.Momentum.nesterov(rate, mu)
                    : SparseRowGradient.Momentum.classical(rate, mu)).withWeightDecay((float) lambda);
            // One array holds the weight and the bias velocities, laid out like θ.
            gradient.applyMomentum(theta, 0, bias, model.biasOffset(), velocity, 0, velocity, model.biasOffset(),
                    step);
            return value;
        });
    }

    /**
     * Sampled-softmax SGD on CSR examples ({@link org.softmaxsimd.sampled.SparseSampledSoftmax}): per mini-batch,
     * {@code negatives} unique classes drawn by {@code sampler}, the log-Q correction and accidental hits removed;
     * a step changes only the block of Wᵀ of the batch's features × the batch's true and drawn classes (with
     * the weight decay λ and the momentum applied to that block, lazily) and their bias entries. Costs
     * O(batch non-zeros · (1 + negatives)) per step, whatever K and d. Reports one {@link Progress} per epoch
     * (value: the mean sampled loss). The seed fixes both the shuffle and the draws.
     *
     * @param model     the model, trained in place; it must not have a pivot class
     * @param data      the training examples
     * @param lambda    the L2 weight decay λ (finite, ≥ 0; the bias is not decayed)
     * @param sampler   draws the negatives, over [0, K)
     * @param negatives unique negatives per batch, in [1, K]
     * @param listener  receives one {@link Progress} per epoch ({@link ProgressListener#NONE} for none)
     * @return the mean sampled loss of the last epoch
     * @throws IllegalArgumentException if the model has a pivot class, the sampler's range is not K, negatives is
     *                                  not in [1, K], or the data do not fit the model
     */
    public double trainSampled(SoftmaxRegression model, SparseDataset data, double lambda, CandidateSampler sampler,
                               int negatives, ProgressListener listener) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        checkSampled(model, sampler, negatives);
        checkData(model, data, lambda);
        int classes = model.classes();
        int d = model.features();
        SparseBatch batch = new SparseBatch(data, batchRows(data.rows()));
        TransposedState state = new TransposedState(model);
        float[] weightsT = state.weightsT;
        float[] bias = state.bias;
        float[] velocityT = state.velocityT;
        float[] biasVelocity = state.biasVelocity;
        SparseSampledSoftmax loss = new SparseSampledSoftmax(classes, d, SampledSoftmax.Options.defaults());
        BlockGradient gradient = new BlockGradient(classes, d);
        Candidates drawn = new Candidates();
        CandidateRandom random = new CandidateRandom(options.seed() ^ 0x5DEECE66DL);
        float mu = (float) options.momentum();
        double last = new Epochs(data.rows(), batch.size, false).run(listener, batch, (m, rate) -> {
            sampler.sampleUnique(random, negatives, drawn);
            CandidateSet candidates = CandidateSet.fromDraw(sampler, drawn, batch.labels, 0, m, true);
            double value = loss.lossAndGradient(batch.rowStart, 0, batch.index, batch.value, weightsT, 0, bias, 0,
                    batch.labels, 0, candidates, gradient, m);
            SparseRowGradient.Momentum step = (options.nesterov() ? SparseRowGradient.Momentum.nesterov(rate, mu)
                    : SparseRowGradient.Momentum.classical(rate, mu)).withWeightDecay((float) lambda);
            gradient.applyMomentum(weightsT, 0, bias, 0, velocityT, 0, biasVelocity, 0, step);
            return value;
        });
        state.copyInto(model);
        return last;
    }

    /** The training state of the sparse paths: Wᵀ (d × K) and the bias copied from the model, their velocities. */
    private static final class TransposedState {
        final float[] weightsT;
        final float[] bias;
        final float[] velocityT;
        final float[] biasVelocity;

        TransposedState(SoftmaxRegression model) {
            float[] theta = model.parameters();
            int classes = model.classes();
            int d = model.features();
            weightsT = new float[d * classes];
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < d; j++) {
                    weightsT[j * classes + k] = theta[k * d + j];
                }
            }
            bias = model.hasBias() ? Arrays.copyOfRange(theta, model.biasOffset(), theta.length) : null;
            velocityT = new float[d * classes];
            biasVelocity = new float[classes];
        }

        /** Writes Wᵀ and the bias back into the model's K × d layout. */
        void copyInto(SoftmaxRegression model) {
            float[] theta = model.parameters();
            int classes = model.classes();
            int d = model.features();
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < d; j++) {
                    theta[k * d + j] = weightsT[j * classes + k];
                }
            }
            if (bias != null) {
                System.arraycopy(bias, 0, theta, model.biasOffset(), classes);
            }
        }
    }

    /** One optimisation step on the gathered batch of m rows; returns the batch's loss. */
    @FunctionalInterface
    private interface BatchStep {
        double step(int rows, float rate);
    }

    /** Copies rows {@code order[from, from + m)} of the data into the batch buffers. */
    private interface Batch {
        void gather(int[] order, int from, int m);
    }

    private void checkData(SoftmaxRegression model, Dataset data, double lambda) {
        Objects.requireNonNull(model, "model");
        model.checkFeatures(data);
        data.checkLabels(model.classes());
        checkRowsAndLambda(data.rows(), lambda);
    }

    private void checkData(SoftmaxRegression model, SparseDataset data, double lambda) {
        model.checkFeatures(data);
        data.checkLabels(model.classes());
        checkRowsAndLambda(data.rows(), lambda);
    }

    private static void checkSampled(SoftmaxRegression model, CandidateSampler sampler, int negatives) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sampler, "sampler");
        if (model.hasPivot()) {
            throw new IllegalArgumentException("sampled softmax trains every class: the model must not have a pivot");
        }
        if (sampler.range() != model.classes()) {
            throw new IllegalArgumentException("sampler.range() (" + sampler.range() + ") must equal classes ("
                    + model.classes() + ")");
        }
        if (negatives < 1 || negatives > model.classes()) {
            throw new IllegalArgumentException("negatives must be in [1, " + model.classes() + "], but was "
                    + negatives);
        }
    }

    private static void checkRowsAndLambda(int rows, double lambda) {
        if (rows == 0) {
            throw new IllegalArgumentException("data must have at least one row");
        }
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, but was " + lambda);
        }
    }

    private int batchRows(int rows) {
        return Math.min(options.batchSize(), rows);
    }

    /** A batch of dense rows gathered into one contiguous block. */
    private static final class DenseBatch implements Batch {
        final int size;
        final float[] x;
        final int[] labels;
        private final Dataset data;

        DenseBatch(Dataset data, int size) {
            this.data = data;
            this.size = size;
            this.x = new float[size * data.features()];
            this.labels = new int[size];
        }

        @Override
        public void gather(int[] order, int from, int m) {
            int features = data.features();
            for (int r = 0; r < m; r++) {
                int row = order[from + r];
                System.arraycopy(data.x(), row * features, x, r * features, features);
                labels[r] = data.labels()[row];
            }
        }
    }

    /** A batch of CSR rows gathered into its own CSR arrays (grown to the largest batch). */
    private static final class SparseBatch implements Batch {
        final int size;
        final int[] rowStart;
        final int[] labels;
        int[] index = new int[16];
        float[] value = new float[16];
        private final SparseDataset data;

        SparseBatch(SparseDataset data, int size) {
            this.data = data;
            this.size = size;
            this.rowStart = new int[size + 1];
            this.labels = new int[size];
        }

        @Override
        public void gather(int[] order, int from, int m) {
            int[] start = data.rowStart();
            int count = 0;
            for (int r = 0; r < m; r++) {
                int row = order[from + r];
                int n = start[row + 1] - start[row];
                if (count + n > index.length) {
                    int grown = Math.max(count + n, 2 * index.length);
                    index = Arrays.copyOf(index, grown);
                    value = Arrays.copyOf(value, grown);
                }
                System.arraycopy(data.index(), start[row], index, count, n);
                System.arraycopy(data.value(), start[row], value, count, n);
                rowStart[r] = count;
                count += n;
                labels[r] = data.labels()[row];
            }
            rowStart[m] = count;
        }
    }

    /** The epochs: a seeded shuffle, the batches, progress per epoch. */
    private final class Epochs {
        private final int rows;
        private final int size;
        private final boolean countsAccuracy;
        /** Examples of this epoch that a step predicted right before it moved (when its step counts them). */
        long correct;
        /** Added to each epoch's mean batch value (sparse SGD: the penalty at the epoch's end). */
        java.util.function.DoubleSupplier epochEnd = () -> 0;

        Epochs(int rows, int size, boolean countsAccuracy) {
            this.rows = rows;
            this.size = size;
            this.countsAccuracy = countsAccuracy;
        }

        double run(ProgressListener listener, Batch batch, BatchStep step) {
            Objects.requireNonNull(listener, "listener");
            int[] order = identity(rows);
            SplittableRandom random = new SplittableRandom(options.seed());
            long start = System.nanoTime();
            long steps = 0;
            double epochValue = Double.NaN;
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                shuffle(order, random);
                correct = 0;
                float rate = (float) options.schedule().rate(epoch, options.learningRate());
                double valueSum = 0;
                int batches = 0;
                for (int from = 0; from < order.length; from += size) {
                    int m = Math.min(size, order.length - from);
                    batch.gather(order, from, m);
                    valueSum += step.step(m, rate);
                    batches++;
                    steps++;
                }
                epochValue = valueSum / batches + epochEnd.getAsDouble();
                double accuracy = countsAccuracy ? (double) correct / rows : Double.NaN;
                listener.onProgress(new Progress(epoch + 1, steps, epochValue, Double.NaN, rate, accuracy,
                        (long) (epoch + 1) * rows, (System.nanoTime() - start) * 1e-9));
            }
            return epochValue;
        }
    }

    private void step(float[] gradient, float[] velocity, float[] theta, float rate, SoftmaxRegression model) {
        float mu = (float) options.momentum();
        boolean nesterov = options.nesterov();
        model.clearPivot(gradient);
        for (int j = 0; j < theta.length; j++) {
            float v = mu * velocity[j] + gradient[j];
            velocity[j] = v;
            theta[j] -= rate * (nesterov ? gradient[j] + mu * v : v);
        }
    }

    private static double squaredNorm(float[] a, int length) {
        double s = 0;
        for (int i = 0; i < length; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
