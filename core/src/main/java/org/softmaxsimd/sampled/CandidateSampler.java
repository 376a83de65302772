package org.softmaxsimd.sampled;

import org.softmaxsimd.internal.Checks;

/**
 * Draws negative classes for sampled softmax from a fixed distribution P over [0, range), and reports the
 * expected count of any class in a draw (the "Q" of the log-Q correction), as TensorFlow's candidate samplers
 * do. Samplers are immutable and thread-safe; the randomness ({@link CandidateRandom}) and the result
 * ({@link Candidates}) are per thread.
 *
 * <p>Expected counts: with replacement, a draw of S candidates contains class k S·P(k) times on average; with
 * unique sampling (rejection of repeats until S distinct classes are drawn, after {@code tries} draws), the
 * probability that k is among them is estimated as 1 − (1 − P(k))^tries = −expm1(tries·log1p(−P(k))).
 */
public abstract class CandidateSampler {

    private final int range;

    /**
     * A sampler over [0, range).
     *
     * @param range the number of classes K (≥ 1)
     */
    protected CandidateSampler(int range) {
        if (range < 1) {
            throw new IllegalArgumentException("range (number of classes) must be >= 1, but was " + range);
        }
        this.range = range;
    }

    /**
     * Number of classes K: candidates are in [0, K).
     *
     * @return number of classes K: candidates are in [0, K)
     */
    public final int range() {
        return range;
    }

    /**
     * P(k) of a single draw; 0 outside [0, range).
     *
     * @param k a class
     * @return P(k)
     */
    public abstract double probability(int k);

    /**
     * One draw from P.
     *
     * @param random the source of randomness (one per thread)
     * @return one class drawn from P
     */
    protected abstract int next(CandidateRandom random);

    /**
     * Number of classes with P(k) > 0: the most unique sampling can draw.
     *
     * @return the number of classes with P(k) &gt; 0
     */
    protected int support() {
        return range;
    }

    /**
     * Draws {@code count} candidates into {@code out} with replacement (a class may appear several times).
     *
     * @param random the source of randomness (one per thread)
     * @param count the number of candidates to draw (≥ 0)
     * @param out receives the draw (reused, not thread-safe)
     * @throws IllegalArgumentException if count &lt; 0
     */
    public final void sample(CandidateRandom random, int count, Candidates out) {
        draw(random, count, false, out);
    }

    /**
     * Draws {@code count} distinct candidates into {@code out}, rejecting repeats (TensorFlow's
     * {@code unique=True}); {@link Candidates#tries()} counts the draws this took.
     *
     * @param random the source of randomness (one per thread)
     * @param count the number of candidates to draw (≥ 0)
     * @param out receives the draw (reused, not thread-safe)
     * @throws IllegalArgumentException if count &lt; 0 or count exceeds the classes with P &gt; 0
     */
    public final void sampleUnique(CandidateRandom random, int count, Candidates out) {
        draw(random, count, true, out);
    }

    private void draw(CandidateRandom random, int count, boolean unique, Candidates out) {
        Checks.notNull("random", random);
        Checks.notNull("out", out);
        Checks.atLeast("count", count, 0);
        if (unique && count > support()) {
            throw new IllegalArgumentException("unique sampling of " + count + " candidates needs at least as many "
                    + "classes with nonzero probability, but there are " + support());
        }
        out.start(count, range, unique);
        while (out.size() < count) {
            out.offer(next(random));
        }
    }

    /**
     * Expected number of times class k appears in the draw described by {@code drawn} (see class comment).
     *
     * @param k a class
     * @param drawn the draw whose expected counts are asked for
     * @return the expected count Q(k)
     */
    public final double expectedCount(int k, Candidates drawn) {
        double p = probability(k);
        if (drawn.unique()) {
            return -Math.expm1(drawn.tries() * Math.log1p(-p));
        }
        return drawn.size() * p;
    }

    /**
     * Uniform P(k) = 1/K.
     *
     * @param range the number of classes K (≥ 1)
     * @return the sampler
     */
    public static CandidateSampler uniform(int range) {
        return new UniformSampler(range);
    }

    /**
     * Log-uniform (Zipfian) P(k) = (log(k+2) − log(k+1)) / log(K+1), for classes sorted by decreasing frequency.
     *
     * @param range the number of classes K (≥ 1)
     * @return the sampler
     */
    public static CandidateSampler logUniform(int range) {
        return new LogUniformSampler(range);
    }

    /**
     * P(k) ∝ counts[k]^distortion (1: unigram, 0: uniform, 0.75 as in word2vec), drawn in O(1) by Walker's alias
     * method after an O(K) build. Counts must be finite and ≥ 0 with a positive total; distortion finite ≥ 0.
     *
     * @param counts the count (frequency) of each class, finite and ≥ 0 with a positive total
     * @param distortion the exponent applied to the counts (finite, ≥ 0)
     * @return the sampler
     */
    public static CandidateSampler unigram(double[] counts, double distortion) {
        return new AliasSampler(counts, distortion);
    }
}
