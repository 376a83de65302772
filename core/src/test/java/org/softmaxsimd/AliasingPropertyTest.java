package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.softmaxsimd.sampled.CandidateSet;
import org.softmaxsimd.sampled.SparseRowGradient;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * The aliasing rule of docs/API.md, checked systematically: for every public method that takes two or more
 * float arrays, for every pair of its array arguments of which at least one is written, the two are placed in
 * one array with the second shifted by −L…+L elements against the first (L = 16, the widest vector). Each such
 * call must either throw {@link IllegalArgumentException} before writing anything (every array unchanged), or
 * give bitwise the result of the same call on disjoint copies of the same contents. Two written arguments that
 * overlap must always be rejected. This test fails on the 0.x facades (e.g. logSumExpRows with its output in
 * a later row of x, a bias overlapping the logits).
 */
class AliasingPropertyTest {

    private static final int L = 16;
    private static final int PAD = 3;
    private static final AtomicInteger REJECTED = new AtomicInteger();
    private static final AtomicInteger ACCEPTED = new AtomicInteger();

    @AfterAll
    static void report() {
        System.out.println("aliasing: " + (REJECTED.get() + ACCEPTED.get()) + " overlapping or shifted calls, "
                + REJECTED.get() + " rejected before writing, " + ACCEPTED.get() + " accepted and equal to disjoint copies");
    }

    /** One float-array argument: its name, how many elements the call reads or writes, whether it is written. */
    record Slot(String name, int length, boolean written) {
    }

    /** Runs the method with {@code arrays[k]} at {@code offsets[k]} for slot k. */
    interface Call {
        void run(float[][] arrays, int[] offsets);
    }

    record Case(String method, List<Slot> slots, Call call) {
        @Override
        public String toString() {
            return method;
        }
    }

    static Slot in(String name, int length) {
        return new Slot(name, length, false);
    }

    static Slot out(String name, int length) {
        return new Slot(name, length, true);
    }

    static Stream<Case> cases() {
        int n = 37;
        int rows = 3;
        int cols = 11;
        int k = 5;
        int d = 7;
        int[] labels = {1, 4, 0};
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Softmax.softmax", List.of(in("x", n), out("y", n)),
                (a, o) -> Softmax.softmax(a[0], o[0], a[1], o[1], n)));
        cases.add(new Case("Softmax.logSoftmax", List.of(in("x", n), out("y", n)),
                (a, o) -> Softmax.logSoftmax(a[0], o[0], a[1], o[1], n)));
        cases.add(new Case("Softmax.softmaxBackward", List.of(in("y", n), in("dy", n), out("dx", n)),
                (a, o) -> Softmax.softmaxBackward(a[0], o[0], a[1], o[1], a[2], o[2], n)));
        cases.add(new Case("Softmax.logSoftmaxBackward", List.of(in("y", n), in("dy", n), out("dx", n)),
                (a, o) -> Softmax.logSoftmaxBackward(a[0], o[0], a[1], o[1], a[2], o[2], n)));
        cases.add(new Case("Softmax.softmaxRows", List.of(in("x", rows * cols), out("y", rows * cols)),
                (a, o) -> Softmax.softmaxRows(a[0], o[0], a[1], o[1], rows, cols)));
        cases.add(new Case("Softmax.logSoftmaxRows", List.of(in("x", rows * cols), out("y", rows * cols)),
                (a, o) -> Softmax.logSoftmaxRows(a[0], o[0], a[1], o[1], rows, cols)));
        cases.add(new Case("Softmax.softmaxBackwardRows", List.of(in("y", rows * cols), in("dy", rows * cols),
                out("dx", rows * cols)), (a, o) -> Softmax.softmaxBackwardRows(a[0], o[0], a[1], o[1], a[2], o[2],
                rows, cols)));
        cases.add(new Case("Softmax.logSoftmaxBackwardRows", List.of(in("y", rows * cols), in("dy", rows * cols),
                out("dx", rows * cols)), (a, o) -> Softmax.logSoftmaxBackwardRows(a[0], o[0], a[1], o[1], a[2], o[2],
                rows, cols)));
        cases.add(new Case("Softmax.logSumExpRows", List.of(in("x", rows * cols), out("out", rows)),
                (a, o) -> Softmax.logSumExpRows(a[0], o[0], a[1], o[1], rows, cols)));
        cases.add(new Case("CrossEntropy.lossAndGradient", List.of(in("logits", k), out("dlogits", k)),
                (a, o) -> CrossEntropy.lossAndGradient(a[0], o[0], 2, a[1], o[1], k)));
        cases.add(new Case("CrossEntropy.lossAndGradientRows(labels)", List.of(in("logits", rows * k),
                out("dlogits", rows * k)), (a, o) -> CrossEntropy.lossAndGradientRows(a[0], o[0], labels, 0, a[1], o[1],
                rows, k, CrossEntropy.Options.defaults().withLabelSmoothing(0.2f))));
        cases.add(new Case("CrossEntropy.lossAndGradientRows(targets)", List.of(in("logits", rows * k),
                in("targets", rows * k), out("dlogits", rows * k)), (a, o) -> CrossEntropy.lossAndGradientRows(a[0],
                o[0], a[1], o[1], a[2], o[2], rows, k, Reduction.SUM)));
        cases.add(new Case("Linear.logits", List.of(in("x", d), in("w", k * d), in("b", k), out("z", k)),
                (a, o) -> Linear.logits(a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3], k, d)));
        cases.add(new Case("Linear.logitsRows", List.of(in("x", rows * d), in("w", k * d), in("b", k),
                out("z", rows * k)), (a, o) -> Linear.logitsRows(a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3], rows,
                        k,
                d)));
        cases.add(new Case("Linear.accumulateGradient", List.of(in("dz", rows * k), in("x", rows * d),
                out("dw", k * d), out("db", k)), (a, o) -> Linear.accumulateGradient(a[0], o[0], a[1], o[1], a[2], o[2],
                a[3], o[3], rows, k, d, 0.5f)));
        cases.add(new Case("Linear.addWeightDecay", List.of(in("w", k * d), out("dw", k * d)),
                (a, o) -> Linear.addWeightDecay(a[0], o[0], a[1], o[1], k, d, 0.25f)));
        cases.add(new Case("Linear.inputGradient", List.of(in("dz", rows * k), in("w", k * d), out("dx", rows * d)),
                (a, o) -> Linear.inputGradient(a[0], o[0], a[1], o[1], a[2], o[2], rows, k, d)));
        cases.add(new Case("Logistic.sigmoid", List.of(in("x", n), out("y", n)),
                (a, o) -> Logistic.sigmoid(a[0], o[0], a[1], o[1], n)));
        cases.add(new Case("Logistic.logSigmoid", List.of(in("x", n), out("y", n)),
                (a, o) -> Logistic.logSigmoid(a[0], o[0], a[1], o[1], n)));
        cases.add(new Case("Logistic.lossAndGradient", List.of(in("logits", n), in("targets", n), out("dlogits", n)),
                (a, o) -> Logistic.lossAndGradient(a[0], o[0], a[1], o[1], a[2], o[2], n, Reduction.MEAN)));
        cases.add(new Case("SoftmaxLayer.lossAndGradient", List.of(in("x", rows * d), in("w", k * d), in("b", k),
                out("dw", k * d), out("db", k)), (a, o) -> SoftmaxLayer.lossAndGradient(a[0], o[0], a[1], o[1], a[2],
                o[2], labels, 0, a[3], o[3], a[4], o[4], rows, k, d, new SoftmaxLayer.Workspace())));
        cases.add(new Case("SparseRowGradient.applySgd", List.of(out("w", k * d), out("b", k)), (a, o) -> {
            SparseRowGradient g = gradient(k, d);
            g.applySgd(a[0], o[0], a[1], o[1], 0.5f);
        }));
        cases.add(new Case("SparseRowGradient.applyMomentum", List.of(out("w", k * d), out("b", k),
                out("velocity", k * d), out("biasVelocity", k)), (a, o) -> {
            SparseRowGradient g = gradient(k, d);
            g.applyMomentum(a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3],
                    SparseRowGradient.Momentum.nesterov(0.5f, 0.9f).withWeightDecay(1e-3f));
        }));
        SoftmaxRegression model = new SoftmaxRegression(k, d, SoftmaxRegression.Options.defaults(), random(k * d + k,
                9));
        cases.add(new Case("SoftmaxRegression.predictProba", List.of(in("x", d), out("p", k)),
                (a, o) -> model.predictProba(a[0], o[0], a[1], o[1])));
        return cases.stream();
    }

    /** A sparse gradient that touches two rows, as sampled softmax leaves it. */
    static SparseRowGradient gradient(int k, int d) {
        SparseRowGradient g = new SparseRowGradient(k, d);
        new org.softmaxsimd.sampled.SampledSoftmax(k, d).lossAndGradient(random(d, 1), 0, random(k * d, 2), 0, null, 0,
                new int[] {1}, 0, CandidateSet.withoutCorrection(new int[] {3}), g, 1);
        return g;
    }

    static float[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyOverlapIsRejectedOrEqualsDisjointCopies(Case c) {
        List<Slot> slots = c.slots();
        int tried = 0;
        for (int i = 0; i < slots.size(); i++) {
            for (int j = 0; j < slots.size(); j++) {
                if (i == j || !(slots.get(i).written() || slots.get(j).written())) {
                    continue;
                }
                for (int shift = -L; shift <= L; shift++) {
                    check(c, i, j, shift);
                    tried++;
                }
            }
        }
        assertTrue(tried > 0, c.method() + ": no pair with a written argument");
    }

    private static void check(Case c, int i, int j, int shift) {
        List<Slot> slots = c.slots();
        int count = slots.size();
        float[][] arrays = new float[count][];
        int[] offsets = new int[count];
        int base = L + PAD;
        float[] shared = random(base + Math.max(slots.get(i).length(), shift + slots.get(j).length()) + L + PAD,
                31L * i + j + 1000L * shift);
        for (int s = 0; s < count; s++) {
            if (s == i || s == j) {
                arrays[s] = shared;
                offsets[s] = s == i ? base : base + shift;
            } else {
                arrays[s] = random(slots.get(s).length() + 2 * PAD, s + 7);
                offsets[s] = PAD;
            }
        }
        float[][] before = new float[count][];
        for (int s = 0; s < count; s++) {
            before[s] = arrays[s].clone();
        }
        String where = c.method() + " with " + slots.get(j).name() + " shifted by " + shift + " against "
                + slots.get(i).name();
        try {
            c.call().run(arrays, offsets);
        } catch (IllegalArgumentException rejected) {
            for (int s = 0; s < count; s++) {
                assertArrayEquals(before[s], arrays[s], where + ": rejected (" + rejected.getMessage()
                        + ") but an array was written");
            }
            REJECTED.incrementAndGet();
            return;
        }
        boolean overlap = shift < slots.get(i).length() && -shift < slots.get(j).length();
        if (overlap && slots.get(i).written() && slots.get(j).written()) {
            fail(where + ": two written arguments overlap and the call was accepted");
        }
        // Accepted: the same call on disjoint copies of the same initial contents must give the same outputs.
        float[][] copies = new float[count][];
        int[] copyOffsets = new int[count];
        for (int s = 0; s < count; s++) {
            int length = slots.get(s).length();
            copies[s] = new float[length + 2 * PAD];
            System.arraycopy(before[s], offsets[s], copies[s], PAD, length);
            copyOffsets[s] = PAD;
        }
        c.call().run(copies, copyOffsets);
        for (int s = 0; s < count; s++) {
            if (!slots.get(s).written()) {
                continue;
            }
            int length = slots.get(s).length();
            float[] expected = Arrays.copyOfRange(copies[s], PAD, PAD + length);
            float[] actual = Arrays.copyOfRange(arrays[s], offsets[s], offsets[s] + length);
            assertArrayEquals(bits(expected), bits(actual), where + ": accepted, but " + slots.get(s).name()
                    + " differs from the call on disjoint copies");
        }
        ACCEPTED.incrementAndGet();
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    /** The check itself: an overlap that a kernel computes wrongly is reported (here, a hand-made one). */
    @Test
    void aWrongResultOnAnOverlapIsCaught() {
        Case broken = new Case("copy that reads after it writes", List.of(in("x", 4), out("y", 4)), (a, o) -> {
            for (int t = 0; t < 4; t++) {
                a[1][o[1] + t] = a[0][o[0] + t] + (t > 0 ? a[1][o[1] + t - 1] : 0);
            }
        });
        AssertionErrorCatcher.expectFailure(() -> check(broken, 0, 1, 1));
    }

    /** Asserts that a check fails. */
    static final class AssertionErrorCatcher {
        static void expectFailure(Runnable check) {
            try {
                check.run();
            } catch (AssertionError expected) {
                return;
            }
            fail("the check did not catch a wrong result");
        }
    }
}
