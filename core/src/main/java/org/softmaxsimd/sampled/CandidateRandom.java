package org.softmaxsimd.sampled;

/**
 * The random source of the candidate samplers: SplitMix64 (Steele, Lea and Flood 2014) with Lemire's
 * unbiased bounded integers, written out here so that a seed gives the same candidates on every JDK (the
 * JDK's own generators are free to change their bounded-draw algorithms). Not thread-safe: use one instance
 * per thread (e.g. seeded with {@code baseSeed + threadIndex}).
 */
public final class CandidateRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    /**
     * A generator whose sequence is fixed by {@code seed}.
     *
     * @param seed the seed: equal seeds give equal streams
     */
    public CandidateRandom(long seed) {
        this.state = seed;
    }

    /**
     * The next 64 random bits.
     *
     * @return the next 64 random bits
     */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A double uniform in [0, 1), from the top 53 bits.
     *
     * @return a uniform double in [0, 1)
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * An int uniform in [0, bound), bound ≥ 1, without modulo bias (Lemire 2019).
     *
     * @param bound the exclusive upper bound (≥ 1)
     * @return a uniform int in [0, bound)
     */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be >= 1, but was " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int) (m >>> 32);
    }
}
