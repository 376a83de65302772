package org.softmaxsimd.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.softmaxsimd.io.AtomicFiles;

/**
 * The performance-regression gate: a short JMH run (about 1-2 minutes on 2 cores) of a subset of the kernel
 * benchmarks on both kernel paths and of the full vs sampled softmax step, compared with a committed
 * baseline. Only ratios measured within one run are gated, so that a noisy shared machine does not fail it
 * (see {@link PairedResult}): the SIMD/scalar speed-up of each kernel and shape and the full/sampled ratio of
 * each K must stay above {@code (1 − tolerance)} × its baseline, and the fast side must not allocate more
 * than the baseline's bytes per call (allocation is how the Vector API's silent boxing shows). Absolute
 * times are printed, never gated.
 *
 * <p>Baseline file: Java properties, {@code tolerance=0.5} and per entry {@code <key>.speedup} (the ratio)
 * and {@code <key>.maxPanamaBytesPerOp}, with keys like {@code softmax.1x1024} or
 * {@code sampled.d128.S64.K100000}.
 * Refresh it with
 * {@code gate --baseline FILE --update}, which writes the measured speed-ups (rounded down to 0.1) through a
 * temporary file and an atomic rename, so a failed write leaves the old baseline intact.
 */
final class RegressionGate {

    /** What is run: a benchmark regex and the parameters (name, values...) it runs with. */
    private record Group(String include, String[]... params) {
    }

    private static final Group[] GROUPS = {
        new Group("SoftmaxBenchmark\\.(softmax|logSumExp)$", new String[] {"shape", "1x1024", "256x1000"}),
        new Group("CrossEntropyBenchmark", new String[] {"shape", "256x1000"}),
        new Group("LinearBenchmark\\.logitsBatch", new String[] {"shape", "64x256x1000"}),
        new Group("SampledSoftmaxBenchmark", new String[] {"impl", "panama"}, new String[] {"features", "128"},
                new String[] {"sampled", "64"}, new String[] {"classes", "10000", "100000"}),
    };
    private static final double DEFAULT_TOLERANCE = 0.5;
    private static final double DEFAULT_MAX_BYTES = 256;

    private RegressionGate() {
    }

    static int run(String[] args) throws IOException, RunnerException {
        Path baseline = null;
        boolean update = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--baseline") && i + 1 < args.length) {
                baseline = Path.of(args[++i]);
            } else if (args[i].equals("--update")) {
                update = true;
            } else {
                System.err.println("gate: unknown option '" + args[i] + "'; usage: gate --baseline FILE [--update]");
                return 2;
            }
        }
        if (baseline == null) {
            System.err.println("gate: --baseline FILE is required");
            return 2;
        }
        Properties expected = new Properties();
        if (!update) {
            try (Reader r = Files.newBufferedReader(baseline, StandardCharsets.UTF_8)) {
                expected.load(r);
            } catch (IOException e) {
                System.err.println("gate: cannot read baseline " + baseline + ": " + e.getMessage());
                return 2;
            }
        }
        Map<String, PairedResult> measured = measure();
        System.out.println();
        System.out.printf(Locale.ROOT, "softmax-simd regression gate, JDK %s, %s%n", Runtime.version(),
                MachineInfo.describe());
        if (update) {
            return writeBaseline(baseline, measured);
        }
        return compare(expected, measured);
    }

    private static Map<String, PairedResult> measure() throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of(KernelSelection.ADD_VECTOR_MODULE));
        String forced = System.getProperty(KernelSelection.FORCE_PROPERTY);
        if (forced != null) {
            jvmArgs.add("-D" + KernelSelection.FORCE_PROPERTY + "=" + forced);
        }
        List<RunResult> results = new ArrayList<>();
        for (Group group : GROUPS) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(group.include())
                    .addProfiler(GCProfiler.class)
                    .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                    .warmupIterations(3)
                    .warmupTime(TimeValue.milliseconds(700))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.milliseconds(500))
                    .forks(1);
            for (String[] param : group.params()) {
                options.param(param[0], Arrays.copyOfRange(param, 1, param.length));
            }
            results.addAll(new Runner(options.build()).run());
        }
        return PairedResult.pair(results);
    }

    private static int compare(Properties expected, Map<String, PairedResult> measured) {
        double tolerance = Double.parseDouble(expected.getProperty("tolerance", String.valueOf(DEFAULT_TOLERANCE)));
        int failures = 0;
        System.out.println("| key | slow side ns/op (scalar or full) | fast side ns/op (panama or sampled) | ratio | baseline | floor | fast B/op | max B/op | verdict |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Map.Entry<String, PairedResult> e : measured.entrySet()) {
            String key = e.getKey();
            PairedResult m = e.getValue();
            String base = expected.getProperty(key + ".speedup");
            double maxBytes = Double.parseDouble(expected.getProperty(key + ".maxPanamaBytesPerOp",
                    String.valueOf(DEFAULT_MAX_BYTES)));
            List<String> problems = new ArrayList<>();
            double floor = Double.NaN;
            if (base == null) {
                problems.add("no baseline entry " + key + ".speedup");
            } else {
                floor = Double.parseDouble(base) * (1 - tolerance);
                if (!(m.ratio() >= floor)) {
                    problems.add(String.format(Locale.ROOT, "ratio %.2f× is below %.2f× (baseline %s× − %.0f%%)",
                            m.ratio(), floor, base, tolerance * 100));
                }
            }
            if (!(m.fastBytes <= maxBytes)) {
                problems.add(String.format(Locale.ROOT, "the fast side allocates %.1f B/op, more than %.0f (boxing?)",
                        m.fastBytes, maxBytes));
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× | %s× | %.2f× | %.2f | %.0f | %s |%n", key,
                    m.slowScore, m.fastScore, m.ratio(), base, floor, m.fastBytes, maxBytes,
                    problems.isEmpty() ? "ok" : "REGRESSION");
            for (String p : problems) {
                System.out.println("REGRESSION " + key + ": " + p);
                failures++;
            }
        }
        if (measured.isEmpty()) {
            System.out.println("REGRESSION: no benchmark results were measured");
            return 1;
        }
        System.out.println(failures == 0 ? "gate: passed" : "gate: FAILED with " + failures + " regression(s)");
        return failures == 0 ? 0 : 1;
    }

    private static int writeBaseline(Path file, Map<String, PairedResult> measured) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# softmax-simd regression-gate baseline: ratios measured in one run (SIMD/scalar, full/sampled).\n");
        text.append("# Written by: java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar gate --baseline ")
                .append(file).append(" --update\n");
        text.append("# on JDK ").append(Runtime.version()).append(", ").append(MachineInfo.describe()).append('\n');
        text.append("tolerance=").append(DEFAULT_TOLERANCE).append('\n');
        for (Map.Entry<String, PairedResult> e : measured.entrySet()) {
            double ratio = Math.floor(e.getValue().ratio() * 10) / 10;
            text.append(String.format(Locale.ROOT, "%s.speedup=%.1f%n", e.getKey(), ratio));
            text.append(String.format(Locale.ROOT, "%s.maxPanamaBytesPerOp=%.0f%n", e.getKey(), DEFAULT_MAX_BYTES));
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        AtomicFiles.write(absolute, text.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("gate: baseline written to " + file);
        return 0;
    }
}
