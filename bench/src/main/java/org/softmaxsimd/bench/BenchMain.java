package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Entry point of the benchmark jar.
 * <ul>
 *   <li>{@code report [--full] [--include REGEX] [--out DIR]}: runs the kernel benchmarks on both kernel paths
 *       with {@code -prof gc} and prints the comparison table (ns/element, SIMD/scalar speed-up, B/op); writes
 *       the JMH JSON and the table to DIR (default {@code bench/results}). The default is a quick run
 *       (about 6 minutes on 2 cores); {@code --full} runs longer and with two forks, for publishable figures.</li>
 *   <li>{@code gate --baseline FILE [--update]}: the performance-regression gate, see {@link RegressionGate}.</li>
 *   <li>anything else: handed to JMH's own command line ({@code -h} lists its options).</li>
 * </ul>
 */
public final class BenchMain {

    private static final String DEFAULT_INCLUDE =
            SoftmaxBenchmark.class.getName() + "|" + CrossEntropyBenchmark.class.getName() + "|"
                    + LinearBenchmark.class.getName() + "|" + NetlibSgemmBenchmark.class.getName();

    private BenchMain() {
    }

    /** Runs {@code report} or hands the arguments to JMH; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(report(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("gate")) {
            System.exit(RegressionGate.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }

    private static int report(String[] args) throws RunnerException, IOException {
        boolean full = false;
        String include = DEFAULT_INCLUDE;
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full":
                    full = true;
                    break;
                case "--include":
                    include = valueOf(args, ++i, "--include");
                    break;
                case "--out":
                    out = Path.of(valueOf(args, ++i, "--out"));
                    break;
                default:
                    System.err.println("report: unknown option '" + args[i] + "'; options: --full, --include REGEX, --out DIR");
                    return 2;
            }
        }
        Files.createDirectories(out);
        Path json = out.resolve("jmh-" + Runtime.version().feature() + ".json");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("--add-modules=jdk.incubator.vector")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(full ? 5 : 3)
                .measurementTime(TimeValue.milliseconds(full ? 1000 : 500))
                .forks(full ? 2 : 1)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        Collection<RunResult> results = new Runner(options.build()).run();
        String table = ReportTable.render(List.copyOf(results));
        String header = String.format(Locale.ROOT, "softmax-simd kernels, JDK %s, %s, %s mode%n",
                Runtime.version(), MachineInfo.describe(), full ? "full" : "quick");
        System.out.println();
        System.out.print(header);
        System.out.print(table);
        Path tableFile = out.resolve("table-" + Runtime.version().feature() + ".md");
        Files.writeString(tableFile, header + table);
        System.out.println("JMH JSON: " + json + "   table: " + tableFile);
        return 0;
    }

    private static String valueOf(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
