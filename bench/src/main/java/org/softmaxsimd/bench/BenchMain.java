package org.softmaxsimd.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark jar.
 * <ul>
 *   <li>{@code report [--full] [--out DIR] [--jdk25 JAVA] [--no-smile]}: the comparison, see
 *       {@link ComparisonReport}.</li>
 *   <li>{@code gate --baseline FILE [--update]}: the performance-regression gate, see {@link RegressionGate}.</li>
 *   <li>anything else: handed to JMH's own command line ({@code -h} lists its options).</li>
 * </ul>
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** Runs {@code report} or hands the arguments to JMH; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(ComparisonReport.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("gate")) {
            System.exit(RegressionGate.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }
}
