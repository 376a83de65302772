package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The bounded draws of {@link CandidateRandom} (Lemire's method, against its definition and for uniformity where
 * rejections are common) and {@link FullSoftmaxEvaluation} against a float64 evaluation at offsets.
 */
class SmallPartsTest {

    /** The definition: the high 32 bits of (32 random bits × bound), redrawn while the low half is below 2^32 mod bound. */
    private static int lemire(CandidateRandom r, int bound) {
        long threshold = (0x1_0000_0000L - bound) % bound;
        while (true) {
            long m = (r.nextLong() >>> 32) * bound;
            if ((m & 0xFFFF_FFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    @Test
    void boundedDrawsFollowLemiresDefinition() {
        for (int bound : new int[] {1, 2, 3, 7, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE}) {
            CandidateRandom a = new CandidateRandom(42);
            CandidateRandom b = new CandidateRandom(42);
            for (int i = 0; i < 20_000; i++) {
                int x = a.nextInt(bound);
                assertEquals(lemire(b, bound), x, "bound " + bound + ", draw " + i);
                assertTrue(x >= 0 && x < bound);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CandidateRandom(1).nextInt(0));
    }

    @Test
    void nearHalfTheRangeTheRejectionsKeepTheDrawsUniform() {
        // bound = 2^31 + ... is not an int; 3·2^29 rejects a quarter of the 32-bit draws' low halves.
        int bound = 3 << 29;
        CandidateRandom r = new CandidateRandom(7);
        long[] thirds = new long[3];
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            thirds[(int) ((long) r.nextInt(bound) * 3 / bound)]++;
        }
        for (long t : thirds) {
            assertEquals(n / 3.0, t, 5 * Math.sqrt(n * (1 / 3.0) * (2 / 3.0)), java.util.Arrays.toString(thirds));
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += r.nextDouble();
        }
        assertEquals(0.5, mean / n, 0.005);
    }

    @Test
    void fullSoftmaxEvaluationIsTheMeanLossAndAccuracy() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 600;
        int classes = 5;
        int features = 7;
        float[] x = new float[2 + rows * features];
        float[] w = new float[1 + classes * features];
        float[] b = new float[3 + classes];
        int[] labels = new int[4 + rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(classes);
        }
        FullSoftmaxEvaluation e = FullSoftmaxEvaluation.of(x, 2, w, 1, b, 3, labels, 4, rows, classes, features);
        double loss = 0;
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            double[] z = new double[classes];
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                z[k] = b[3 + k];
                for (int j = 0; j < features; j++) {
                    z[k] += (double) w[1 + k * features + j] * x[2 + r * features + j];
                }
                if (z[k] > max) {
                    max = z[k];
                    best = k;
                }
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            loss += Math.log(sum) + max - z[labels[4 + r]];
            if (best == labels[4 + r]) {
                correct++;
            }
        }
        assertEquals(loss / rows, e.loss(), 1e-6 * loss / rows);
        assertEquals((double) correct / rows, e.accuracy(), 0);
        assertThrows(IllegalArgumentException.class, () -> FullSoftmaxEvaluation.of(x, 2, w, 1, b, 3, labels, 4, 0,
                classes, features));
        int[] bad = labels.clone();
        bad[4 + 17] = classes;
        assertThrows(IllegalArgumentException.class, () -> FullSoftmaxEvaluation.of(x, 2, w, 1, b, 3, bad, 4, rows,
                classes, features));
    }

    @Test
    void candidatesRecordDrawsTriesAndUniqueness() {
        Candidates c = new Candidates();
        c.start(40, 10, true);
        assertTrue(c.offer(4));
        assertTrue(!c.offer(4), "a repeat is refused in a unique draw");
        assertTrue(c.offer(9));
        assertEquals(2, c.size());
        assertEquals(3, c.tries());
        assertTrue(c.unique());
        assertEquals(4, c.id(0));
        assertEquals(9, c.id(1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.id(2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.id(-1));
        int[] out = new int[4];
        c.copyTo(out, 1);
        assertEquals("[0, 4, 9, 0]", java.util.Arrays.toString(out));
        // A new unique draw forgets the previous one's ids; a non-unique draw keeps repeats.
        c.start(40, 20, true);
        assertTrue(c.offer(4));
        assertEquals(1, c.tries());
        c.start(3, 10, false);
        assertTrue(c.offer(4));
        assertTrue(c.offer(4));
        assertTrue(!c.unique());
        assertEquals(2, c.size());
        for (int k = 0; k < 40; k++) {
            c.start(40, 40, true);
            for (int j = 0; j <= k; j++) {
                assertTrue(c.offer(j));
            }
            assertEquals(k + 1, c.size(), "capacity 40 holds " + (k + 1));
        }
    }
}
