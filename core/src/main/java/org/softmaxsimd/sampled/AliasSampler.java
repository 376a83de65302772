package org.softmaxsimd.sampled;

/**
 * Walker's alias method (Vose's O(K) construction): column i is kept with probability keep[i], else its
 * alias is returned; each column is chosen uniformly, so a draw costs one bounded int and one double.
 */
final class AliasSampler extends CandidateSampler {
    private final double[] probabilities;
    private final double[] keep;
    private final int[] alias;
    private final int support;

    AliasSampler(double[] counts, double distortion) {
        super(checkedLength(counts));
        if (!(distortion >= 0 && distortion <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("distortion must be finite and >= 0, but was " + distortion);
        }
        int k = counts.length;
        double[] weights = new double[k];
        double total = 0;
        int positive = 0;
        for (int i = 0; i < k; i++) {
            double c = counts[i];
            if (!(c >= 0 && c <= Double.MAX_VALUE)) {
                throw new IllegalArgumentException("counts[" + i + "] must be finite and >= 0, but was " + c);
            }
            weights[i] = Math.pow(c, distortion);
            total += weights[i];
            if (weights[i] > 0) {
                positive++;
            }
        }
        if (!(total > 0 && total <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("counts^distortion must have a positive, finite total, but it is "
                    + total);
        }
        probabilities = new double[k];
        keep = new double[k];
        alias = new int[k];
        support = positive;
        int[] small = new int[k];
        int[] large = new int[k];
        int smalls = 0;
        int larges = 0;
        double[] scaled = new double[k];
        for (int i = 0; i < k; i++) {
            probabilities[i] = weights[i] / total;
            scaled[i] = probabilities[i] * k;
            if (scaled[i] < 1) {
                small[smalls++] = i;
            } else {
                large[larges++] = i;
            }
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            keep[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        // What is left is 1 up to rounding: keep those columns whole.
        while (larges > 0) {
            int l = large[--larges];
            keep[l] = 1;
            alias[l] = l;
        }
        while (smalls > 0) {
            int s = small[--smalls];
            keep[s] = 1;
            alias[s] = s;
        }
    }

    private static int checkedLength(double[] counts) {
        if (counts == null) {
            throw new NullPointerException("counts must not be null");
        }
        return counts.length;
    }

    @Override
    public double probability(int k) {
        return k >= 0 && k < range() ? probabilities[k] : 0;
    }

    @Override
    protected int support() {
        return support;
    }

    @Override
    protected int next(CandidateRandom random) {
        int column = random.nextInt(range());
        return random.nextDouble() < keep[column] ? column : alias[column];
    }

    /** The probability of k implied by the alias table (for tests): (keep[k] + Σ_{alias[j]=k} (1 − keep[j])) / K. */
    double tableProbability(int k) {
        double p = keep[k];
        for (int j = 0; j < range(); j++) {
            if (alias[j] == k && j != k) {
                p += 1 - keep[j];
            }
        }
        return p / range();
    }
}
