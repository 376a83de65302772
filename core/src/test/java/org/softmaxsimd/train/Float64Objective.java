package org.softmaxsimd.train;

import java.util.stream.IntStream;

/**
 * The softmax-regression objective in plain float64 (test code, independent of the library's kernels):
 * J = −(1/m) Σ log p(y|x) + (λ/2)‖W‖², with the max shift; the bias, if any, is not penalised; a pivot
 * class, if any, is pinned at 0 and gets a zero gradient. Parameters laid out as {@link SoftmaxRegression}.
 */
final class Float64Objective implements Objective {
    private final double[] x;
    private final int[] y;
    private final int m;
    private final int d;
    private final int k;
    private final boolean bias;
    private final boolean pivot;
    private final double lambda;

    Float64Objective(Dataset data, int classes, boolean bias, boolean pivot, double lambda) {
        this.m = data.rows();
        this.d = data.features();
        this.k = classes;
        this.bias = bias;
        this.pivot = pivot;
        this.lambda = lambda;
        this.y = data.labels();
        this.x = new double[data.x().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.x()[i];
        }
    }

    @Override
    public int dimension() {
        return k * d + (bias ? k : 0);
    }

    @Override
    public void roundToStorage(double[] theta) {
        if (pivot) {
            java.util.Arrays.fill(theta, (k - 1) * d, k * d, 0.0);
            if (bias) {
                theta[k * d + k - 1] = 0.0;
            }
        }
    }

    @Override
    public double evaluate(double[] theta, double[] gradient) {
        int blocks = (m + 63) / 64;
        double[][] partialGradient = new double[blocks][];
        double[] partialLoss = new double[blocks];
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[] g = new double[dimension()];
            double loss = 0;
            double[] z = new double[k];
            for (int i = block * 64; i < Math.min(m, block * 64 + 64); i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = bias ? theta[k * d + c] : 0;
                    for (int j = 0; j < d; j++) {
                        s += theta[c * d + j] * x[i * d + j];
                    }
                    z[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(z[c] - max);
                }
                double lse = max + Math.log(sum);
                loss += lse - z[y[i]];
                for (int c = 0; c < k; c++) {
                    double dz = Math.exp(z[c] - lse) - (c == y[i] ? 1 : 0);
                    for (int j = 0; j < d; j++) {
                        g[c * d + j] += dz * x[i * d + j];
                    }
                    if (bias) {
                        g[k * d + c] += dz;
                    }
                }
            }
            partialGradient[block] = g;
            partialLoss[block] = loss;
        });
        java.util.Arrays.fill(gradient, 0);
        double loss = 0;
        for (int b = 0; b < blocks; b++) {
            loss += partialLoss[b];
            for (int j = 0; j < gradient.length; j++) {
                gradient[j] += partialGradient[b][j];
            }
        }
        double penalty = 0;
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] /= m;
            if (j < k * d) {
                gradient[j] += lambda * theta[j];
                penalty += theta[j] * theta[j];
            }
        }
        if (pivot) {
            java.util.Arrays.fill(gradient, (k - 1) * d, k * d, 0.0);
            if (bias) {
                gradient[k * d + k - 1] = 0.0;
            }
        }
        return loss / m + 0.5 * lambda * penalty;
    }
}
