package org.softmaxsimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The kernel path a test run claims to test is the one that runs: the build passes
 * {@code -Dsoftmaxsimd.require=panama} (and, for forced widths, {@code -Dsoftmaxsimd.expectBits=N}), and this
 * test fails, never skips, when they do not hold. Also checks the documented fallback and errors of
 * {@code softmaxsimd.kernels} in child JVMs.
 */
class VectorizationSelectionTest {

    @Test
    void theRequiredKernelsRun() {
        String required = System.getProperty("softmaxsimd.require", "panama");
        assertEquals(required, Softmax.implementation(),
                "this test run requires the " + required + " kernels (-Dsoftmaxsimd.require)");
    }

    @Test
    void theExpectedVectorWidthIsUsed() {
        String expected = System.getProperty("softmaxsimd.expectBits", "");
        int bits = VectorizationProvider.panamaVectorBits();
        assertTrue(bits >= 128, "Vector API path unusable here: " + bits + " bits");
        if (!expected.isEmpty()) {
            assertEquals(Integer.parseInt(expected), bits, "vector width (-XX:MaxVectorSize / -Dsoftmaxsimd.expectBits)");
        }
    }

    @Test
    void theExpectedJavaRuns() {
        String expected = System.getProperty("softmaxsimd.expectJava", "");
        System.out.println("tests run on Java " + Runtime.version() + " from " + System.getProperty("java.home")
                + ", Vector API " + VectorizationProvider.panamaVectorBits() + " bits");
        if (!expected.isEmpty()) {
            assertEquals(Integer.parseInt(expected), Runtime.version().feature(), "JDK feature release of this test run");
        }
    }

    @Test
    void withoutTheVectorModuleTheScalarPathRunsWithOneWarning() throws Exception {
        Result r = runChild(false, "auto");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("implementation=scalar"), r.output);
        assertEquals(1, count(r.output, "WARNING: softmax-simd"), r.output);
        assertTrue(r.output.contains("--add-modules jdk.incubator.vector"), r.output);
    }

    @Test
    void panamaWithoutTheVectorModuleIsAnError() throws Exception {
        Result r = runChild(false, "panama");
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("IllegalStateException"), r.output);
        assertTrue(r.output.contains("jdk.incubator.vector module is not enabled"), r.output);
    }

    @Test
    void anUnknownKernelNameIsAnError() throws Exception {
        Result r = runChild(true, "avx9000");
        assertEquals(2, r.exit, r.output);
        assertTrue(r.output.contains("softmaxsimd.kernels must be auto, scalar or panama, but was 'avx9000'"), r.output);
    }

    @Test
    void withTheVectorModuleAutoChoosesPanamaAndSaysSo() throws Exception {
        Result r = runChild(true, "auto");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("implementation=panama"), r.output);
        assertTrue(r.output.contains("INFO: softmax-simd: using Vector API kernels"), r.output);
        assertFalse(r.output.contains("WARNING: softmax-simd"), r.output);
    }

    private static final class Result {
        final int exit;
        final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Result runChild(boolean vectorModule, String kernels) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (vectorModule) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.add("-Dsoftmaxsimd.kernels=" + kernels);
        cmd.add("-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PrintImplementation.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Child JVM entry point: prints the implementation and one softmax, exit 2 on an exception. */
    public static final class PrintImplementation {
        public static void main(String[] args) {
            try {
                float[] y = new float[2];
                Softmax.softmax(new float[] {0f, 0f}, y);
                System.out.println("implementation=" + Softmax.implementation() + " p=" + y[0]);
            } catch (Throwable e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                System.out.println(root);
                System.exit(2);
            }
        }
    }
}
