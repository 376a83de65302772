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
 * <p>Ratios differ between kinds of machine (an AVX2 core gains less from SIMD than an AVX-512 one), so the
 * baseline file holds one section per machine class ({@link MachineInfo#machineClass()}: vector width, CPU
 * vendor, family-model, JDK feature release), keys {@code <class>.<entry>.speedup}, and the gate uses the
 * section of the machine it runs on. A class it has no section for falls back to {@code any.<entry>.speedup},
 * floors chosen to hold on every machine seen (and says so). An entry that falls short is measured once more
 * in a fresh fork, and the better of the two runs counts, so that one bad fork does not fail CI.
 *
 * <p>Baseline file: Java properties, {@code tolerance=0.5}, per class and entry {@code .speedup} and
 * {@code .maxPanamaBytesPerOp}, entries like {@code softmax.1x1024} or {@code sampled.d128.S64.K100000}.
 * Refresh the running machine's section with {@code gate --baseline FILE --update}, which keeps the other
 * sections and writes through a temporary file and an atomic rename, so a failed write leaves the old baseline
 * intact.
 */
final class RegressionGate {

    /** What is run: a benchmark regex and the parameters (name, values...) it runs with. */
    private record Group(String include, String[]... params) {
    }

    private static final Group[] GROUPS = {
        new Group("SoftmaxBenchmark\\.(softmax|logSumExp)$", new String[] {"shape", "1x16", "1x1024", "256x1000",
                "4096x16"}),
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
        if (Files.exists(baseline) || !update) {
            try (Reader r = Files.newBufferedReader(baseline, StandardCharsets.UTF_8)) {
                expected.load(r);
            } catch (IOException e) {
                System.err.println("gate: cannot read baseline " + baseline + ": " + e.getMessage());
                return 2;
            }
        }
        String machine = MachineInfo.machineClass();
        Map<String, PairedResult> measured = measure(GROUPS);
        if (!update) {
            Baseline base = Baseline.of(expected, machine);
            List<Group> again = new ArrayList<>();
            for (Group group : GROUPS) {
                if (measured.entrySet().stream().anyMatch(e -> groupOf(e.getKey(), group)
                        && !base.problems(e.getKey(), e.getValue()).isEmpty())) {
                    again.add(group);
                }
            }
            if (!again.isEmpty()) {
                System.out.println("gate: " + again.size() + " group(s) fell short; measuring them once more in a"
                        + " fresh fork (the better run counts)");
                Map<String, PairedResult> second = measure(again.toArray(new Group[0]));
                second.forEach((key, pair) -> measured.merge(key, pair, PairedResult::better));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "softmax-simd regression gate, JDK %s, %s, machine class %s%n",
                Runtime.version(), MachineInfo.describe(), machine);
        if (update) {
            return writeBaseline(baseline, expected, machine, measured);
        }
        return compare(Baseline.of(expected, machine), measured);
    }

    /** Whether the entry {@code key} comes from {@code group}'s benchmarks. */
    private static boolean groupOf(String key, Group group) {
        if (group.include().startsWith("Sampled")) {
            return key.startsWith("sampled.");
        }
        String method = key.substring(0, key.indexOf('.'));
        return group.include().contains(method) || (group.include().startsWith("CrossEntropy")
                && method.equals("lossAndGradient"));
    }

    /**
     * The floors of one machine class: per entry its baseline less the tolerance, or, for an entry (or a whole
     * class) the file has no baseline for, the {@code any} floor as it is.
     */
    private record Baseline(Properties file, String machine, double tolerance, boolean fallback) {

        static Baseline of(Properties file, String machine) {
            double tolerance = Double.parseDouble(file.getProperty("tolerance", String.valueOf(DEFAULT_TOLERANCE)));
            boolean known = file.stringPropertyNames().stream().anyMatch(k -> k.startsWith(machine + "."));
            return new Baseline(file, machine, tolerance, !known);
        }

        private String own(String key) {
            return file.getProperty(machine + "." + key + ".speedup");
        }

        /** The shown baseline: this class's ratio, or the any-machine floor (marked "any"). */
        String speedup(String key) {
            String base = own(key);
            if (base != null) {
                return base;
            }
            String any = file.getProperty("any." + key + ".speedup");
            return any == null ? null : any + " (any)";
        }

        double floor(String key) {
            String base = own(key);
            if (base != null) {
                return Double.parseDouble(base) * (1 - tolerance);
            }
            String any = file.getProperty("any." + key + ".speedup");
            return any == null ? Double.NaN : Double.parseDouble(any);
        }

        double maxBytes(String key) {
            String bytes = file.getProperty(machine + "." + key + ".maxPanamaBytesPerOp",
                    file.getProperty("any." + key + ".maxPanamaBytesPerOp", String.valueOf(DEFAULT_MAX_BYTES)));
            return Double.parseDouble(bytes);
        }

        List<String> problems(String key, PairedResult m) {
            List<String> problems = new ArrayList<>();
            String base = speedup(key);
            if (base == null) {
                problems.add("no baseline entry " + machine + "." + key + ".speedup or any." + key + ".speedup");
            } else if (!(m.ratio() >= floor(key))) {
                problems.add(own(key) == null
                        ? String.format(Locale.ROOT, "ratio %.2f× is below the any-machine floor %.2f×", m.ratio(),
                        floor(key))
                        : String.format(Locale.ROOT, "ratio %.2f× is below %.2f× (baseline %s× − %.0f%%)", m.ratio(),
                        floor(key), base, tolerance * 100));
            }
            if (!(m.fastBytes <= maxBytes(key))) {
                problems.add(String.format(Locale.ROOT, "the fast side allocates %.1f B/op, more than %.0f (boxing?)",
                        m.fastBytes, maxBytes(key)));
            }
            return problems;
        }
    }

    private static Map<String, PairedResult> measure(Group[] groups) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of(KernelSelection.ADD_VECTOR_MODULE));
        String forced = System.getProperty(KernelSelection.FORCE_PROPERTY);
        if (forced != null) {
            jvmArgs.add("-D" + KernelSelection.FORCE_PROPERTY + "=" + forced);
        }
        List<RunResult> results = new ArrayList<>();
        for (Group group : groups) {
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

    private static int compare(Baseline base, Map<String, PairedResult> measured) {
        if (base.fallback()) {
            System.out.println("gate: no baseline section for machine class " + MachineInfo.machineClass()
                    + "; using the any-machine floors (refresh with --update on this machine to gate it closely)");
        }
        int failures = 0;
        System.out.println("| key | slow side ns/op (scalar or full) | fast side ns/op (panama or sampled) | ratio | baseline | floor | fast B/op | max B/op | verdict |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Map.Entry<String, PairedResult> e : measured.entrySet()) {
            String key = e.getKey();
            PairedResult m = e.getValue();
            List<String> problems = base.problems(key, m);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× | %s | %.2f× | %.2f | %.0f | %s |%n", key,
                    m.slowScore, m.fastScore, m.ratio(), base.speedup(key), base.floor(key), m.fastBytes,
                    base.maxBytes(key), problems.isEmpty() ? "ok" : "REGRESSION");
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

    private static int writeBaseline(Path file, Properties old, String machine, Map<String, PairedResult> measured)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# softmax-simd regression-gate baseline: ratios measured in one run (SIMD/scalar, full/sampled),\n");
        text.append("# one section per machine class (vector bits, CPU vendor, family-model, JDK feature release).\n");
        text.append("# 'any' holds floors that hold on every machine seen; a class without a section is gated by them.\n");
        text.append("# Refresh this machine's section: java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar")
                .append(" gate --baseline ").append(file).append(" --update\n");
        text.append("tolerance=").append(old.getProperty("tolerance", String.valueOf(DEFAULT_TOLERANCE))).append('\n');
        java.util.TreeMap<String, String> entries = new java.util.TreeMap<>();
        for (String key : old.stringPropertyNames()) {
            if (!key.equals("tolerance") && !key.startsWith(machine + ".")) {
                entries.put(key, old.getProperty(key));
            }
        }
        for (Map.Entry<String, PairedResult> e : measured.entrySet()) {
            double ratio = Math.floor(e.getValue().ratio() * 10) / 10;
            entries.put(machine + "." + e.getKey() + ".speedup", String.format(Locale.ROOT, "%.1f", ratio));
            entries.put(machine + "." + e.getKey() + ".maxPanamaBytesPerOp", String.format(Locale.ROOT, "%.0f",
                    DEFAULT_MAX_BYTES));
        }
        String section = "";
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String prefix = e.getKey().substring(0, sectionEnd(e.getKey()));
            if (!prefix.equals(section)) {
                text.append(prefix.equals(machine) ? "# " + machine + ": JDK " + Runtime.version() + ", "
                        + MachineInfo.describe() + "\n" : "# " + prefix + "\n");
                section = prefix;
            }
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        AtomicFiles.write(absolute, text.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("gate: baseline section " + machine + " written to " + file);
        return 0;
    }

    /** Where a key's machine-class prefix ends: before the entry, which starts with a benchmark method name. */
    private static int sectionEnd(String key) {
        for (String entry : new String[] {".softmax.", ".logSumExp.", ".lossAndGradient.", ".logitsBatch.", ".sampled."}) {
            int at = key.indexOf(entry);
            if (at > 0) {
                return at;
            }
        }
        return key.lastIndexOf('.');
    }
}
