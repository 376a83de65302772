package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * 8 threads call every facade on disjoint slices of shared arrays, and predict with one shared model, and get
 * bitwise the results of the same calls made one after the other (bounded: a fixed number of rounds, and a
 * time limit on the pool). The serial reference is taken after a warm-up, so that on JDK 23+ both sides run
 * JIT-compiled kernels (the interpreter sums vector lanes in another order).
 */
class ThreadSafetyStressTest {

    private static final int THREADS = 8;
    // 40 rows: one whole panel of the GEMM panel kernel (with 16 lanes; 29 features are ragged) and a rest.
    private static final int ROWS = 40;
    private static final int CLASSES = 37;
    private static final int FEATURES = 29;
    private static final int ROUNDS = 40;

    /** Everything one thread computes, from the shared inputs, into its own slices of the shared outputs. */
    private static final class Work {
        final float[] x;
        final float[] w;
        final float[] b;
        final int[] labels;
        final SoftmaxRegression model;
        final float[] logits;
        final float[] probabilities;
        final float[] lse;
        final float[] dlogits;
        final float[] dw;
        final float[] sigmoid;
        final float[] layerDw;
        final int[] predictions;
        final float[] losses;

        Work(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            x = new float[THREADS * ROWS * FEATURES];
            w = new float[CLASSES * FEATURES];
            b = new float[CLASSES];
            labels = new int[THREADS * ROWS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian() * 0.3f;
            }
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(CLASSES);
            }
            float[] parameters = new float[w.length + CLASSES];
            System.arraycopy(w, 0, parameters, 0, w.length);
            model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults(), parameters);
            logits = new float[THREADS * ROWS * CLASSES];
            probabilities = new float[logits.length];
            lse = new float[THREADS * ROWS];
            dlogits = new float[logits.length];
            dw = new float[THREADS * CLASSES * FEATURES];
            sigmoid = new float[x.length];
            layerDw = new float[THREADS * CLASSES * FEATURES];
            predictions = new int[THREADS * ROWS];
            losses = new float[THREADS * 3];
        }

        /** Thread t's share: rows [t·ROWS, (t+1)·ROWS) and its own gradient block. */
        void run(int t, SoftmaxLayer.Workspace workspace) {
            int xAt = t * ROWS * FEATURES;
            int zAt = t * ROWS * CLASSES;
            int dwAt = t * CLASSES * FEATURES;
            Linear.logitsRows(x, xAt, w, 0, b, 0, logits, zAt, ROWS, CLASSES, FEATURES);
            Softmax.softmaxRows(logits, zAt, probabilities, zAt, ROWS, CLASSES);
            Softmax.logSumExpRows(logits, zAt, lse, t * ROWS, ROWS, CLASSES);
            losses[3 * t] = CrossEntropy.lossAndGradientRows(logits, zAt, labels, t * ROWS, dlogits, zAt, ROWS,
                    CLASSES, CrossEntropy.Options.defaults().withLabelSmoothing(0.1f));
            java.util.Arrays.fill(dw, dwAt, dwAt + CLASSES * FEATURES, 0f);
            Linear.accumulateGradient(dlogits, zAt, x, xAt, dw, dwAt, null, 0, ROWS, CLASSES, FEATURES, 1f / ROWS);
            Logistic.sigmoid(x, xAt, sigmoid, xAt, ROWS * FEATURES);
            java.util.Arrays.fill(layerDw, dwAt, dwAt + CLASSES * FEATURES, 0f);
            losses[3 * t + 1] = SoftmaxLayer.lossAndGradient(x, xAt, w, 0, b, 0, labels, t * ROWS, layerDw, dwAt,
                    null, 0, ROWS, CLASSES, FEATURES, workspace);
            int[] predicted = model.predict(new Dataset(java.util.Arrays.copyOfRange(x, xAt, xAt + ROWS * FEATURES),
                    new int[ROWS], FEATURES));
            System.arraycopy(predicted, 0, predictions, t * ROWS, ROWS);
            losses[3 * t + 2] = Softmax.logSumExp(logits, zAt, ROWS * CLASSES);
        }

        List<float[]> floatOutputs() {
            return List.of(logits, probabilities, lse, dlogits, dw, sigmoid, layerDw, losses);
        }
    }

    @Test
    void eightThreadsOnDisjointSlicesGiveTheSerialResultsBitwise() throws Exception {
        Work serial = new Work(3);
        SoftmaxLayer.Workspace workspace = new SoftmaxLayer.Workspace();
        for (int warm = 0; warm < 300; warm++) {
            for (int t = 0; t < THREADS; t++) {
                serial.run(t, workspace);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Work parallel = new Work(3);
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    tasks.add(() -> {
                        parallel.run(thread, new SoftmaxLayer.Workspace());
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                    f.get();
                }
                List<float[]> expected = serial.floatOutputs();
                List<float[]> actual = parallel.floatOutputs();
                for (int k = 0; k < expected.size(); k++) {
                    assertArrayEquals(bits(expected.get(k)), bits(actual.get(k)), "round " + round + ", output " + k);
                }
                assertArrayEquals(serial.predictions, parallel.predictions, "round " + round + ": predictions");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
