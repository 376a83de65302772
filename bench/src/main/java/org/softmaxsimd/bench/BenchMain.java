package org.softmaxsimd.bench;

/** Entry point of the benchmark jar (the report is added below). */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
