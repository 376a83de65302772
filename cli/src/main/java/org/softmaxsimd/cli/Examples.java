package org.softmaxsimd.cli;

import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.Sgd;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;
import org.softmaxsimd.train.SparseDataset;
import org.softmaxsimd.train.SparseSoftmaxObjective;

/**
 * The examples a command works on, dense or CSR ({@code --sparse}), with what the commands do with them: train,
 * predict, score. One implementation per storage, so the commands never branch on it.
 */
interface Examples {

    int rows();

    int features();

    int[] labels();

    /** Checks every label against the model's class count. */
    void checkLabels(int classes);

    int[] predict(SoftmaxRegression model);

    double accuracy(SoftmaxRegression model);

    double objective(SoftmaxRegression model, double lambda);

    /** Minimises J from the model's parameters and writes the optimum into the model. */
    Lbfgs.Result fitLbfgs(SoftmaxRegression model, double lambda, int threads, Lbfgs lbfgs, ProgressListener listener);

    void fitSgd(SoftmaxRegression model, double lambda, Sgd sgd, ProgressListener listener);

    static Examples of(Dataset data) {
        return data == null ? null : new Dense(data);
    }

    static Examples of(SparseDataset data) {
        return data == null ? null : new Sparse(data);
    }

    /** Dense rows: {@link SoftmaxObjective} and the dense SGD. */
    record Dense(Dataset data) implements Examples {
        @Override
        public int rows() {
            return data.rows();
        }

        @Override
        public int features() {
            return data.features();
        }

        @Override
        public int[] labels() {
            return data.labels();
        }

        @Override
        public void checkLabels(int classes) {
            data.checkLabels(classes);
        }

        @Override
        public int[] predict(SoftmaxRegression model) {
            return model.predict(data);
        }

        @Override
        public double accuracy(SoftmaxRegression model) {
            return model.accuracy(data);
        }

        @Override
        public double objective(SoftmaxRegression model, double lambda) {
            return model.objective(data, lambda);
        }

        @Override
        public Lbfgs.Result fitLbfgs(SoftmaxRegression model, double lambda, int threads, Lbfgs lbfgs,
                                     ProgressListener listener) {
            try (SoftmaxObjective f = new SoftmaxObjective(model, data, lambda, threads)) {
                double[] x = f.parametersOf(model);
                Lbfgs.Result result = lbfgs.minimize(f, x, data.rows(), listener);
                f.copyInto(x, model);
                return result;
            }
        }

        @Override
        public void fitSgd(SoftmaxRegression model, double lambda, Sgd sgd, ProgressListener listener) {
            sgd.train(model, data, lambda, listener);
        }
    }

    /** CSR rows: {@link SparseSoftmaxObjective} and the sparse SGD. */
    record Sparse(SparseDataset data) implements Examples {
        @Override
        public int rows() {
            return data.rows();
        }

        @Override
        public int features() {
            return data.features();
        }

        @Override
        public int[] labels() {
            return data.labels();
        }

        @Override
        public void checkLabels(int classes) {
            data.checkLabels(classes);
        }

        @Override
        public int[] predict(SoftmaxRegression model) {
            return model.predict(data);
        }

        @Override
        public double accuracy(SoftmaxRegression model) {
            return model.accuracy(data);
        }

        @Override
        public double objective(SoftmaxRegression model, double lambda) {
            return model.objective(data, lambda);
        }

        @Override
        public Lbfgs.Result fitLbfgs(SoftmaxRegression model, double lambda, int threads, Lbfgs lbfgs,
                                     ProgressListener listener) {
            try (SparseSoftmaxObjective f = new SparseSoftmaxObjective(model, data, lambda, threads)) {
                double[] x = f.parametersOf(model);
                Lbfgs.Result result = lbfgs.minimize(f, x, data.rows(), listener);
                f.copyInto(x, model);
                return result;
            }
        }

        @Override
        public void fitSgd(SoftmaxRegression model, double lambda, Sgd sgd, ProgressListener listener) {
            sgd.train(model, data, lambda, listener);
        }
    }
}
