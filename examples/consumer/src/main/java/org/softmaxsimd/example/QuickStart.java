package org.softmaxsimd.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.softmaxsimd.CrossEntropy;
import org.softmaxsimd.Linear;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.io.ModelFile;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.ProgressListener;
import org.softmaxsimd.train.SoftmaxObjective;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * What a new user of softmax-simd writes first, with the public API only: a softmax, one gradient step of
 * softmax regression from the kernels, a small L-BFGS training run, and a model saved and loaded again. Run it
 * with {@code java --add-modules jdk.incubator.vector ...} to get the SIMD kernels.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Runs every example and prints what it found. */
    public static void main(String[] args) throws IOException {
        System.out.println("kernels: " + Softmax.implementation());
        float[] p = softmaxOfFourLogits();
        System.out.printf("softmax of {2, 1, 0.1, -inf}: %.3f %.3f %.3f %.3f%n", p[0], p[1], p[2], p[3]);
        System.out.printf("one gradient step: loss %.4f%n", gradientStep(new float[5 * 3], 0.5f));
        Trained trained = trainOnClusters(4, 8, 400, 1e-3);
        System.out.printf("L-BFGS: J = %.6f after %d iterations, training accuracy %.3f%n", trained.objective(),
                trained.iterations(), trained.accuracy());
        Path file = Files.createTempFile("softmax-simd-example", ".smx");
        try {
            SoftmaxRegression loaded = saveAndLoad(trained.model(), file);
            System.out.println("saved and loaded: " + loaded.classes() + " classes, " + loaded.features()
                    + " features, same parameters: "
                    + java.util.Arrays.equals(loaded.parameters(), trained.model().parameters()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The softmax of {2, 1, 0.1, −∞}; the −∞ logit is a masked class and gets probability exactly 0. */
    public static float[] softmaxOfFourLogits() {
        float[] logits = {2.0f, 1.0f, 0.1f, Float.NEGATIVE_INFINITY};
        float[] p = new float[4];
        Softmax.softmax(logits, p);
        return p;
    }

    /**
     * One gradient step of softmax regression on 8 random examples of 3 features and 5 classes, written with
     * the kernels: Z = X·Wᵀ + b, the mean cross-entropy and dZ in place, dW = dZᵀ·X, db = Σ dZ, + λ·W.
     * Updates {@code w} (5 × 3) in place and returns the loss before the step.
     */
    public static float gradientStep(float[] w, float learningRate) {
        int m = 8;
        int k = 5;
        int d = 3;
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[m * d];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            y[i] = random.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) random.nextGaussian();
            }
        }
        float[] b = new float[k];
        float[] z = new float[m * k];
        float[] dw = new float[k * d];
        float[] db = new float[k];
        Linear.logitsRows(x, 0, w, 0, b, 0, z, 0, m, k, d);
        float loss = CrossEntropy.lossAndGradientRows(z, 0, y, 0, z, 0, m, k, CrossEntropy.Options.defaults());
        Linear.accumulateGradient(z, 0, x, 0, dw, 0, db, 0, m, k, d, 1f);
        Linear.addWeightDecay(w, 0, dw, 0, k, d, 1e-3f);
        for (int i = 0; i < w.length; i++) {
            w[i] -= learningRate * dw[i];
        }
        return loss;
    }

    /** A trained model with its objective, iterations and training accuracy. */
    public record Trained(SoftmaxRegression model, double objective, int iterations, double accuracy) {
    }

    /**
     * Trains softmax regression with L-BFGS on {@code rows} points around {@code classes} well-separated centres
     * in {@code features} dimensions, with L2 penalty λ.
     */
    public static Trained trainOnClusters(int classes, int features, int rows, double lambda) {
        SplittableRandom random = new SplittableRandom(7);
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < features; j++) {
                float centre = j % classes == labels[i] ? 3f : 0f;
                x[i * features + j] = centre + (float) random.nextGaussian();
            }
        }
        Dataset data = new Dataset(x, labels, features);
        SoftmaxRegression model = new SoftmaxRegression(classes, features, SoftmaxRegression.Options.defaults());
        try (SoftmaxObjective objective = new SoftmaxObjective(model, data, lambda, 1)) {
            double[] theta = objective.parametersOf(model);
            Lbfgs.Result result = new Lbfgs(Lbfgs.Options.defaults()).minimize(objective, theta, data.rows(),
                    ProgressListener.NONE);
            objective.copyInto(theta, model);
            return new Trained(model, result.value(), result.iterations(), model.accuracy(data));
        }
    }

    /** Saves {@code model} to {@code file} (atomically, with a checksum) and loads it back. */
    public static SoftmaxRegression saveAndLoad(SoftmaxRegression model, Path file) throws IOException {
        ModelFile.save(model, file);
        return ModelFile.load(file);
    }
}
