package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The main job of the bench module, {@code report [--full] [--out DIR] [--jdk25 JAVA] [--no-smile]}: one
 * JMH run of the kernels on both paths with the netlib GEMM peer, the full vs sampled softmax step at
 * K ∈ {10k, 100k, 1M}, and the time to fit mnist-10k against Smile's (in a JDK 25 fork when one is found),
 * then three tables, two PNG charts and the JMH JSON of each part in DIR (default {@code bench/results}).
 * The default quick mode takes about 3-4 minutes on 2 cores (fewer shapes, short iterations); {@code --full}
 * runs every shape with longer iterations and two forks, for publishable figures. {@code report --spark} runs
 * only the comparison with Spark MLlib instead (the spark module's {@code SparkComparison}).
 */
final class ComparisonReport {

    private static final String SOFTMAX = SoftmaxBenchmark.class.getName() + ".(max|logSumExp|softmax|logSoftmax)$";

    private ComparisonReport() {
    }

    /** One Runner invocation: what to include, its parameters, and whether it is a timed (not single-shot) run. */
    private record Part(String name, String include, boolean timed, String... params) {
    }

    /**
     * {@code report --spark}: the side-by-side comparison with Spark MLlib. Spark is not in this jar (it is a
     * provided dependency of the spark module), so the comparison runs from the spark module's test class path
     * through the Maven wrapper, which must be in the working directory (the repository root).
     */
    private static int sparkComparison() throws IOException {
        Path wrapper = Path.of("mvnw");
        if (!Files.isExecutable(wrapper)) {
            System.err.println("report --spark: run it from the repository root (no ./mvnw here); it runs"
                    + " ./mvnw -B -q -pl spark -am -DskipTests -Pspark-report verify");
            return 2;
        }
        Process process = new ProcessBuilder("./mvnw", "-B", "-q", "-pl", "spark", "-am", "-DskipTests",
                "-Pspark-report", "verify").inheritIO().start();
        try {
            return process.waitFor() == 0 ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return 1;
        }
    }

    static int run(String[] args) throws RunnerException, IOException {
        boolean full = false;
        boolean smile = true;
        Path out = Path.of("bench", "results");
        String jdk25 = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--no-smile" -> smile = false;
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--jdk25" -> jdk25 = value(args, ++i, "--jdk25");
                case "--spark" -> {
                    return sparkComparison();
                }
                default -> {
                    System.err.println("report: unknown option '" + args[i]
                            + "'; options: --full, --out DIR, --jdk25 JAVA, --no-smile, --spark");
                    return 2;
                }
            }
        }
        Files.createDirectories(out);
        int feature = Runtime.version().feature();
        List<Part> parts = new ArrayList<>();
        if (full) {
            parts.add(new Part("kernels", SOFTMAX + "|" + CrossEntropyBenchmark.class.getName() + "|"
                    + LinearBenchmark.class.getName() + "|" + NetlibSgemmBenchmark.class.getName(), true));
        } else {
            parts.add(new Part("softmax", SOFTMAX, true, "shape=1x128,1x1024,1x16384,256x1000,1x262144"));
            parts.add(new Part("cross-entropy", CrossEntropyBenchmark.class.getName(), true, "shape=256x1000"));
            parts.add(new Part("gemm", LinearBenchmark.class.getName() + "|" + NetlibSgemmBenchmark.class.getName(),
                    true, "shape=64x784x1000"));
        }
        parts.add(new Part("sampled", SampledSoftmaxBenchmark.class.getName(), true, "impl=panama", "features=128",
                "sampled=64"));
        parts.add(new Part("fit", MnistFitBenchmark.class.getName(), false, "library=softmax-simd"));
        Optional<String> smileJava = smile ? findJdk25(jdk25) : Optional.empty();
        smileJava.ifPresent(java -> parts.add(new Part("fit-smile", MnistFitBenchmark.class.getName(), false,
                "library=smile", "jvm=" + java)));

        List<RunResult> kernelResults = new ArrayList<>();
        List<RunResult> otherResults = new ArrayList<>();
        for (Part part : parts) {
            Path json = out.resolve("jmh-" + part.name() + "-" + feature + ".json");
            Collection<RunResult> results = new Runner(options(part, full, json).build()).run();
            (part.name().startsWith("fit") || part.name().equals("sampled") ? otherResults : kernelResults)
                    .addAll(results);
        }

        String title = String.format(Locale.ROOT, "JDK %s, %s, %s mode", Runtime.version(), MachineInfo.describe(),
                full ? "full" : "quick");
        StringBuilder report = new StringBuilder();
        report.append("softmax-simd comparison, ").append(title).append("\n\n");
        report.append("Kernels: ns per element (per multiply-add for GEMM), SIMD/scalar speed-up, JVM peer (netlib"
                + " VectorBLAS sgemm), allocation per call\n\n");
        report.append(ReportTable.render(kernelResults)).append('\n');
        Map<String, PairedResult> pairs = PairedResult.pair(kernelResults);
        Map<String, PairedResult> steps = PairedResult.pair(otherResults);
        report.append(trainingStepTable(steps)).append('\n');
        report.append(fitTable(otherResults, smile, smileJava.isPresent()));
        System.out.println();
        System.out.print(report);
        Path tableFile = out.resolve("report-" + feature + ".md");
        Files.writeString(tableFile, report);
        Path speedups = out.resolve("speedup-" + feature + ".png");
        Path stepsChart = out.resolve("sampled-vs-full-" + feature + ".png");
        ReportCharts.speedups(pairs, "softmax-simd SIMD speed-up over its scalar path (" + title + ")", speedups);
        List<Long> classes = new ArrayList<>();
        List<Double> fullMicros = new ArrayList<>();
        List<Double> sampledMicros = new ArrayList<>();
        steps.entrySet().stream()
                .sorted((a, b) -> Long.compare(classesOf(a.getKey()), classesOf(b.getKey())))
                .forEach(e -> {
                    classes.add(classesOf(e.getKey()));
                    fullMicros.add(e.getValue().slowScore);
                    sampledMicros.add(e.getValue().fastScore);
                });
        ReportCharts.trainingSteps(classes, fullMicros, sampledMicros, "Training step: full vs sampled softmax ("
                + "JDK " + feature + ")", stepsChart);
        System.out.println("report: " + tableFile + ", charts: " + speedups + ", " + stepsChart + ", JMH JSON: " + out
                + "/jmh-*-" + feature + ".json");
        return 0;
    }

    private static ChainedOptionsBuilder options(Part part, boolean full, Path json) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(part.include())
                .jvmArgsAppend(KernelSelection.ADD_VECTOR_MODULE)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (part.timed()) {
            options.addProfiler(GCProfiler.class)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.milliseconds(full ? 1000 : 500))
                    .measurementIterations(full ? 5 : 3)
                    .measurementTime(TimeValue.milliseconds(full ? 1000 : 300))
                    .forks(full ? 2 : 1);
        }
        for (String param : part.params()) {
            String name = param.substring(0, param.indexOf('='));
            String values = param.substring(param.indexOf('=') + 1);
            if (name.equals("jvm")) {
                options.jvm(values);
            } else {
                options.param(name, values.split(","));
            }
        }
        return options;
    }

    private static long classesOf(String sampledKey) {
        return Long.parseLong(sampledKey.substring(sampledKey.lastIndexOf('K') + 1));
    }

    private static String trainingStepTable(Map<String, PairedResult> steps) {
        StringBuilder sb = new StringBuilder("Training step (m = 32, d = 128, SIMD path): full vs sampled softmax"
                + " (S = 64 log-uniform negatives), µs per step\n\n");
        sb.append("| classes K | full | sampled | full / sampled | sampled B/op |\n|---:|---:|---:|---:|---:|\n");
        steps.entrySet().stream()
                .sorted((a, b) -> Long.compare(classesOf(a.getKey()), classesOf(b.getKey())))
                .forEach(e -> sb.append(String.format(Locale.ROOT, "| %,d | %,.1f | %,.1f | %.0f× | %.1f |%n",
                        classesOf(e.getKey()), e.getValue().slowScore, e.getValue().fastScore, e.getValue().ratio(),
                        e.getValue().fastBytes)));
        return sb.toString();
    }

    private static String fitTable(List<RunResult> results, boolean smileWanted, boolean smileRan) {
        StringBuilder sb = new StringBuilder("Time to fit mnist-10k (8000 × 784, λ = 1e-4, pivot + bias), single"
                + " shot from a cold model, seconds\n\n| library | JDK | seconds |\n|---|---|---:|\n");
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("MnistFitBenchmark.fit")) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f |%n", r.getParams().getParam("library"),
                        r.getParams().getJvm().contains("25") ? "25" : String.valueOf(Runtime.version().feature()),
                        r.getPrimaryResult().getScore()));
            }
        }
        if (smileWanted && !smileRan) {
            sb.append("(Smile not run: it needs a JDK 25; pass --jdk25 /path/to/java)\n");
        }
        return sb.toString();
    }

    /** The java launcher of a JDK 25+: the given one, this JVM's, or one under /usr/lib/jvm. */
    private static Optional<String> findJdk25(String given) throws IOException {
        if (given != null) {
            return Optional.of(given);
        }
        if (Runtime.version().feature() >= 25) {
            return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureOf(home) >= 25)
                    .sorted()
                    .map(home -> home.resolve("bin/java").toString())
                    .findFirst();
        }
    }

    private static int featureOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
