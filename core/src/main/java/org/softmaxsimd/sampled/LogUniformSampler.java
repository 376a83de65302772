package org.softmaxsimd.sampled;

/** P(k) = (log(k+2) − log(k+1)) / log(K+1): floor(exp(u·log(K+1))) − 1 for u uniform in [0, 1). */
final class LogUniformSampler extends CandidateSampler {
    private final double logRange;

    LogUniformSampler(int range) {
        super(range);
        this.logRange = Math.log1p(range);
    }

    @Override
    public double probability(int k) {
        return k >= 0 && k < range() ? Math.log1p(1.0 / (k + 1)) / logRange : 0;
    }

    @Override
    protected int next(CandidateRandom random) {
        long value = (long) Math.exp(random.nextDouble() * logRange) - 1;
        // exp can round up to K+1 at the very top of [0, 1): fold that edge back, as TensorFlow does.
        return (int) (value % range());
    }
}
