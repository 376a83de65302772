package org.softmaxsimd.sampled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Samplers against their stated distributions (chi-square on seeded draws, so deterministic), alias tables
 * exact on hand-made counts, unique sampling, expected counts against float64 formulas, bad input.
 */
class CandidateSamplerTest {

    private static final int K = 50;
    private static final int DRAWS = 500_000;
    /** Chi-square with 49 degrees of freedom exceeds 110 with probability below 1e-7. */
    private static final double CHI2_LIMIT = 110;

    private static double chiSquare(CandidateSampler drawn, CandidateSampler expected, long seed) {
        CandidateRandom random = new CandidateRandom(seed);
        Candidates out = new Candidates();
        long[] observed = new long[drawn.range()];
        int batch = 1000;
        for (int done = 0; done < DRAWS; done += batch) {
            drawn.sample(random, batch, out);
            for (int i = 0; i < out.size(); i++) {
                observed[out.id(i)]++;
            }
        }
        double chi2 = 0;
        for (int k = 0; k < drawn.range(); k++) {
            double e = DRAWS * expected.probability(k);
            if (e > 0) {
                chi2 += (observed[k] - e) * (observed[k] - e) / e;
            } else {
                assertEquals(0, observed[k], "class " + k + " has probability 0 but was drawn");
            }
        }
        return chi2;
    }

    private static double[] counts() {
        double[] c = new double[K];
        for (int k = 0; k < K; k++) {
            c[k] = 1 + (k * 37 % 11);
        }
        return c;
    }

    @Test
    void eachSamplerFollowsItsDistribution() {
        CandidateSampler[] samplers = {CandidateSampler.uniform(K), CandidateSampler.logUniform(K),
            CandidateSampler.unigram(counts(), 1), CandidateSampler.unigram(counts(), 0.75),
            CandidateSampler.unigram(counts(), 0)};
        for (CandidateSampler s : samplers) {
            double total = 0;
            for (int k = 0; k < K; k++) {
                total += s.probability(k);
            }
            assertEquals(1.0, total, 1e-12, s.getClass().getSimpleName() + " probabilities sum");
            double chi2 = chiSquare(s, s, 17);
            assertTrue(chi2 < CHI2_LIMIT, s.getClass().getSimpleName() + " chi-square " + chi2);
        }
    }

    @Test
    void theChiSquareCheckHasPower() {
        // Uniform draws judged against the log-uniform law must fail by far: the check can fail.
        double chi2 = chiSquare(CandidateSampler.uniform(K), CandidateSampler.logUniform(K), 18);
        assertTrue(chi2 > 100 * CHI2_LIMIT, "chi-square " + chi2);
    }

    @Test
    void logUniformProbabilitiesAreTheZipfianFormula() {
        CandidateSampler s = CandidateSampler.logUniform(1000);
        for (int k : new int[] {0, 1, 10, 999}) {
            double expected = (Math.log(k + 2) - Math.log(k + 1)) / Math.log(1001);
            assertEquals(expected, s.probability(k), 1e-15);
        }
        assertEquals(0, s.probability(1000));
        assertEquals(0, s.probability(-1));
    }

    @Test
    void aliasTablesAreExactOnSmallCounts() {
        double[][] cases = {{1, 2, 3, 4}, {0, 5, 0, 1}, {7}, {1, 1, 1e-9, 1e9}};
        for (double[] counts : cases) {
            for (double distortion : new double[] {1, 0.75, 0}) {
                AliasSampler s = (AliasSampler) CandidateSampler.unigram(counts, distortion);
                double total = 0;
                for (double c : counts) {
                    total += Math.pow(c, distortion);
                }
                for (int k = 0; k < counts.length; k++) {
                    double expected = Math.pow(counts[k], distortion) / total;
                    assertEquals(expected, s.probability(k), 1e-15);
                    assertEquals(expected, s.tableProbability(k), 1e-12,
                            java.util.Arrays.toString(counts) + "^" + distortion + " class " + k);
                }
            }
        }
    }

    @Test
    void uniqueSamplingNeverRepeatsAndCountsItsTries() {
        CandidateSampler s = CandidateSampler.logUniform(100);
        CandidateRandom random = new CandidateRandom(5);
        Candidates out = new Candidates();
        for (int round = 0; round < 200; round++) {
            s.sampleUnique(random, 64, out);
            boolean[] seen = new boolean[100];
            for (int i = 0; i < out.size(); i++) {
                assertTrue(!seen[out.id(i)], "repeat of " + out.id(i));
                seen[out.id(i)] = true;
            }
            assertEquals(64, out.size());
            assertTrue(out.tries() >= 64);
        }
        s.sampleUnique(random, 100, out);
        assertEquals(100, out.size(), "all classes can be drawn uniquely");
    }

    @Test
    void expectedCountsFollowTheFloat64Formulas() {
        CandidateSampler s = CandidateSampler.unigram(counts(), 0.75);
        Candidates out = new Candidates();
        s.sample(new CandidateRandom(9), 20, out);
        for (int k = 0; k < K; k++) {
            assertEquals(20 * s.probability(k), s.expectedCount(k, out), 1e-15);
        }
        s.sampleUnique(new CandidateRandom(9), 20, out);
        for (int k = 0; k < K; k++) {
            double p = s.probability(k);
            assertEquals(1 - Math.pow(1 - p, out.tries()), s.expectedCount(k, out), 1e-12);
        }
    }

    @Test
    void aSeedGivesTheSameCandidatesEverywhere() {
        // SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (the published reference sequence).
        assertEquals(0xE220A8397B1DCDAFL, new CandidateRandom(0).nextLong());
        Candidates a = new Candidates();
        Candidates b = new Candidates();
        CandidateSampler s = CandidateSampler.unigram(counts(), 1);
        s.sampleUnique(new CandidateRandom(42), 30, a);
        s.sampleUnique(new CandidateRandom(42), 30, b);
        for (int i = 0; i < 30; i++) {
            assertEquals(a.id(i), b.id(i));
        }
        s.sampleUnique(new CandidateRandom(43), 30, b);
        boolean differs = false;
        for (int i = 0; i < 30; i++) {
            differs |= a.id(i) != b.id(i);
        }
        assertTrue(differs, "another seed gives other candidates");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CandidateSampler.uniform(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CandidateSampler.uniform(10).sampleUnique(new CandidateRandom(1), 11, new Candidates()));
        assertTrue(e.getMessage().contains("unique sampling of 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CandidateSampler.unigram(new double[] {1, 0, 0}, 1).sampleUnique(new CandidateRandom(1), 2,
                        new Candidates()));
        e = assertThrows(IllegalArgumentException.class, () -> CandidateSampler.unigram(new double[] {1, -2}, 1));
        assertTrue(e.getMessage().contains("counts[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CandidateSampler.unigram(new double[] {0, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> CandidateSampler.unigram(new double[] {1}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CandidateRandom(1).nextInt(0));
        assertThrows(IllegalArgumentException.class,
                () -> CandidateSampler.uniform(3).sample(new CandidateRandom(1), -1, new Candidates()));
    }
}
