package org.softmaxsimd.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The performance-regression gate: a short JMH run (about 1-2 minutes on 2 cores) of a subset of the kernel
 * benchmarks on both kernel paths, compared with a committed baseline. Only quantities measured within one
 * run are gated, so that a noisy shared machine does not fail it: the SIMD/scalar speed-up of each
 * benchmark and shape must stay above {@code (1 − tolerance)} × its baseline, and the SIMD path must not
 * allocate more than the baseline's bytes per call (allocation is how the Vector API's silent boxing
 * shows). Absolute times are printed, never gated.
 *
 * <p>Baseline file: Java properties, {@code tolerance=0.5} and per entry
 * {@code <benchmark>.<shape>.speedup} and {@code <benchmark>.<shape>.maxPanamaBytesPerOp}. Refresh it with
 * {@code gate --baseline FILE --update}, which writes the measured speed-ups (rounded down to 0.1) through a
 * temporary file and an atomic rename, so a failed write leaves the old baseline intact.
 */
final class RegressionGate {

    /** What is run, as (benchmark regex, shapes): both kernel paths of each. */
    private static final String[][] GROUPS = {
        {"SoftmaxBenchmark\\.(softmax|logSumExp)$", "1x1024", "256x1000"},
        {"CrossEntropyBenchmark", "256x1000"},
        {"LinearBenchmark\\.logitsBatch", "64x256x1000"},
    };
    private static final double DEFAULT_TOLERANCE = 0.5;
    private static final double DEFAULT_MAX_BYTES = 256;

    private RegressionGate() {
    }

    /** Measured speed-up and SIMD allocation of one benchmark and shape. */
    private static final class Measured {
        double scalarNs = Double.NaN;
        double panamaNs = Double.NaN;
        double panamaBytes = Double.NaN;

        double speedup() {
            return scalarNs / panamaNs;
        }
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
        Map<String, Measured> measured = measure();
        System.out.println();
        System.out.printf(Locale.ROOT, "softmax-simd regression gate, JDK %s, %s%n", Runtime.version(),
                MachineInfo.describe());
        if (update) {
            return writeBaseline(baseline, measured);
        }
        return compare(expected, measured);
    }

    private static Map<String, Measured> measure() throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector"));
        String forced = System.getProperty(KernelSelection.FORCE_PROPERTY);
        if (forced != null) {
            jvmArgs.add("-D" + KernelSelection.FORCE_PROPERTY + "=" + forced);
        }
        Map<String, Measured> measured = new TreeMap<>();
        for (String[] group : GROUPS) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(group[0])
                    .param("shape", Arrays.copyOfRange(group, 1, group.length))
                    .addProfiler(GCProfiler.class)
                    .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                    .warmupIterations(3)
                    .warmupTime(TimeValue.milliseconds(700))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.milliseconds(500))
                    .forks(1);
            Collection<RunResult> results = new Runner(options.build()).run();
            for (RunResult r : results) {
                String method = r.getParams().getBenchmark();
                String key = method.substring(method.lastIndexOf('.') + 1) + "." + r.getParams().getParam("shape");
                Measured m = measured.computeIfAbsent(key, k -> new Measured());
                double ns = r.getPrimaryResult().getScore();
                if ("scalar".equals(r.getParams().getParam("impl"))) {
                    m.scalarNs = ns;
                } else {
                    m.panamaNs = ns;
                    Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                    m.panamaBytes = alloc == null ? Double.NaN : alloc.getScore();
                }
            }
        }
        return measured;
    }

    private static int compare(Properties expected, Map<String, Measured> measured) {
        double tolerance = Double.parseDouble(expected.getProperty("tolerance", String.valueOf(DEFAULT_TOLERANCE)));
        int failures = 0;
        System.out.println("| benchmark.shape | scalar ns/op | panama ns/op | speed-up | baseline | floor | panama B/op | max B/op | verdict |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Map.Entry<String, Measured> e : measured.entrySet()) {
            String key = e.getKey();
            Measured m = e.getValue();
            String base = expected.getProperty(key + ".speedup");
            double maxBytes = Double.parseDouble(expected.getProperty(key + ".maxPanamaBytesPerOp",
                    String.valueOf(DEFAULT_MAX_BYTES)));
            List<String> problems = new ArrayList<>();
            double floor = Double.NaN;
            if (base == null) {
                problems.add("no baseline entry " + key + ".speedup");
            } else {
                floor = Double.parseDouble(base) * (1 - tolerance);
                if (!(m.speedup() >= floor)) {
                    problems.add(String.format(Locale.ROOT, "speed-up %.2f× is below %.2f× (baseline %s× − %.0f%%)",
                            m.speedup(), floor, base, tolerance * 100));
                }
            }
            if (!(m.panamaBytes <= maxBytes)) {
                problems.add(String.format(Locale.ROOT, "SIMD path allocates %.1f B/op, more than %.0f (boxing?)",
                        m.panamaBytes, maxBytes));
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× | %s× | %.2f× | %.2f | %.0f | %s |%n", key,
                    m.scalarNs, m.panamaNs, m.speedup(), base, floor, m.panamaBytes, maxBytes,
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

    private static int writeBaseline(Path file, Map<String, Measured> measured) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("# softmax-simd regression-gate baseline: SIMD/scalar speed-ups measured in one run.\n");
                w.write("# Written by: java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar"
                        + " gate --baseline " + file + " --update\n");
                w.write("# on JDK " + Runtime.version() + ", " + MachineInfo.describe() + "\n");
                w.write("tolerance=" + DEFAULT_TOLERANCE + "\n");
                for (Map.Entry<String, Measured> e : measured.entrySet()) {
                    double speedup = Math.floor(e.getValue().speedup() * 10) / 10;
                    w.write(String.format(Locale.ROOT, "%s.speedup=%.1f%n", e.getKey(), speedup));
                    w.write(String.format(Locale.ROOT, "%s.maxPanamaBytesPerOp=%.0f%n", e.getKey(), DEFAULT_MAX_BYTES));
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("gate: baseline written to " + file);
        return 0;
    }
}
