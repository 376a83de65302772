package org.softmaxsimd.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.softmaxsimd.io.MnistDirectory;

/** Datasets for the training tests: seeded synthetic ones and the project's copy of mnist-10k. */
final class TrainingData {
    private static MnistDirectory mnist;

    private TrainingData() {
    }

    /** Gaussian clusters: class c has mean 2·e_(c mod d), unit noise; learnable but not separable. */
    static Dataset clusters(int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (nextGaussian(random) + (j == y[i] % features ? 2 : 0));
            }
        }
        return new Dataset(x, y, features);
    }

    /** Class c is a random prototype (scale 3 per feature) plus unit noise: learnable with many classes. */
    static Dataset prototypes(int rows, int features, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centres = new float[classes * features];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (3 * nextGaussian(random));
        }
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (centres[y[i] * features + j] + nextGaussian(random));
            }
        }
        return new Dataset(x, y, features);
    }

    static double nextGaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** data/mnist-10k of the project (8000 train, 2000 test), read once. */
    static synchronized MnistDirectory mnist() {
        if (mnist == null) {
            try {
                mnist = MnistDirectory.load(Path.of("..", "data", "mnist-10k"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mnist;
    }
}
