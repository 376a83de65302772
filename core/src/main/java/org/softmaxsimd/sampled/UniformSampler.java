package org.softmaxsimd.sampled;

/** P(k) = 1/K. */
final class UniformSampler extends CandidateSampler {
    UniformSampler(int range) {
        super(range);
    }

    @Override
    public double probability(int k) {
        return k >= 0 && k < range() ? 1.0 / range() : 0;
    }

    @Override
    protected int next(CandidateRandom random) {
        return random.nextInt(range());
    }
}
