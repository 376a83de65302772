package org.softmaxsimd.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Two measurements of one thing, taken in the same run, whose ratio is what the report shows and the gate
 * checks: the scalar and the SIMD path of a kernel at one shape ({@code softmax.1x1024}: speed-up = scalar /
 * panama), or the full and the sampled softmax step of the SIMD path at one d, S and K
 * ({@code sampled.d128.S64.K100000}: ratio = full / sampled). "Slow" is the reference side, "fast" the side
 * the library promises.
 */
final class PairedResult {
    double slowScore = Double.NaN;
    double fastScore = Double.NaN;
    double fastBytes = Double.NaN;

    /** slow / fast. */
    double ratio() {
        return slowScore / fastScore;
    }

    /**
     * The better of two runs of the same entry: the times of the run with the higher ratio, and the smaller of
     * the two allocations (a bad fork that boxed does not count against a good one).
     */
    static PairedResult better(PairedResult a, PairedResult b) {
        PairedResult best = a.ratio() >= b.ratio() ? a : b;
        PairedResult merged = new PairedResult();
        merged.slowScore = best.slowScore;
        merged.fastScore = best.fastScore;
        merged.fastBytes = Math.min(a.fastBytes, b.fastBytes);
        return merged;
    }

    /** Pairs up the results of kernel benchmarks (by impl) and of the sampled-softmax step (by method). */
    static Map<String, PairedResult> pair(Collection<RunResult> results) {
        Map<String, PairedResult> pairs = new TreeMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String key;
            boolean fast;
            if (benchmark.contains(SampledSoftmaxBenchmark.class.getSimpleName())) {
                if (!"panama".equals(r.getParams().getParam("impl"))) {
                    continue; // the full/sampled ratio is the SIMD path's
                }
                key = "sampled.d" + r.getParams().getParam("features") + ".S" + r.getParams().getParam("sampled")
                        + ".K" + r.getParams().getParam("classes");
                fast = method.equals("sampledStep");
            } else if (r.getParams().getParam("impl") != null && r.getParams().getParam("shape") != null) {
                key = method + "." + r.getParams().getParam("shape");
                fast = r.getParams().getParam("impl").equals("panama");
            } else {
                continue;
            }
            PairedResult pair = pairs.computeIfAbsent(key, k -> new PairedResult());
            if (fast) {
                pair.fastScore = r.getPrimaryResult().getScore();
                Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                pair.fastBytes = alloc == null ? Double.NaN : alloc.getScore();
            } else {
                pair.slowScore = r.getPrimaryResult().getScore();
            }
        }
        return pairs;
    }
}
