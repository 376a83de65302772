package org.softmaxsimd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.softmaxsimd.Softmax;

/**
 * J, ∇J and trained models do not depend on which tier ran the kernels: a JVM that interprets every call
 * ({@code -Xint}: the Vector API's Java fallback) gives bitwise the J and ∇J of this JVM after the kernels
 * are C2-compiled, and two fresh JVMs training with 1 and 2 threads (so different chunks run before and
 * after compilation) give bitwise the same model. On JDK 23+ this held only after C2 had compiled the
 * kernels, while their lane sums used {@code reduceLanes(ADD)}, which adds lanes in another order in the
 * interpreter.
 */
class FirstCallDeterminismTest {

    // 3 chunks in 3 groups; 37 features and 40 classes leave vector loops, 4×4 blocks and scalar tails at every width.
    private static final int ROWS = 600;
    private static final int FEATURES = 37;
    private static final int CLASSES = 40;

    @Test
    void interpretedEvaluationEqualsTheCompiledOne() throws Exception {
        String child = run(List.of("-Xint"), EvaluateOnce.class, "1");
        String compiled = null;
        for (int i = 0; i < 400; i++) {
            compiled = EvaluateOnce.evaluate(1);
        }
        assertTrue(child.startsWith("implementation=panama"), child);
        assertEquals(child, compiled, "an -Xint JVM and this one (kernels compiled) disagree");
    }

    @Test
    void freshJvmsWithOneAndTwoThreadsTrainTheSameModel() throws Exception {
        String one = run(List.of(), TrainFresh.class, "1");
        String two = run(List.of(), TrainFresh.class, "2");
        assertTrue(one.startsWith("implementation=panama"), one);
        assertEquals(one, two, "1 and 2 threads in fresh JVMs");
    }

    /** Runs main of {@code entry} in a child JVM with the vector module and this JVM's width options. */
    private static String run(List<String> flags, Class<?> entry, String threads)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:MaxVectorSize") || arg.startsWith("-XX:UseAVX")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(flags);
        cmd.add("-Dsoftmaxsimd.require=panama");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(entry.getName());
        cmd.add(threads);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertEquals(0, exit, out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    static Dataset data() {
        return TrainingData.prototypes(ROWS, FEATURES, CLASSES, 5);
    }

    /** J and a digest of ∇J at a fixed non-zero point, with the kernel implementation's name. */
    public static final class EvaluateOnce {
        public static void main(String[] args) {
            System.out.println(evaluate(Integer.parseInt(args[0])));
        }

        static String evaluate(int threads) {
            SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
            try (SoftmaxObjective objective = new SoftmaxObjective(model, data(), 1e-3, threads)) {
                double[] x = new double[objective.dimension()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = Math.sin(j * 0.37) * 0.05;
                }
                objective.roundToStorage(x);
                double[] g = new double[x.length];
                double j = objective.evaluate(x, g);
                return "implementation=" + Softmax.implementation() + " J=" + Double.doubleToRawLongBits(j)
                        + " grad=" + digest(g);
            }
        }
    }

    /** Trains L-BFGS for 25 iterations in a fresh JVM and prints a digest of the parameters. */
    public static final class TrainFresh {
        public static void main(String[] args) {
            int threads = Integer.parseInt(args[0]);
            SoftmaxRegression model = new SoftmaxRegression(CLASSES, FEATURES, SoftmaxRegression.Options.defaults());
            try (SoftmaxObjective objective = new SoftmaxObjective(model, data(), 1e-3, threads)) {
                double[] x = objective.parametersOf(model);
                new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(25)).minimize(objective, x, ROWS, ProgressListener.NONE);
                objective.copyInto(x, model);
            }
            float[] p = model.parameters();
            long h = 1;
            for (float v : p) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
            System.out.println("implementation=" + Softmax.implementation() + " params=" + Long.toHexString(h));
        }
    }

    private static String digest(double[] g) {
        long[] bits = new long[g.length];
        for (int i = 0; i < g.length; i++) {
            bits[i] = Double.doubleToRawLongBits(g[i]);
        }
        return Integer.toHexString(Arrays.hashCode(bits));
    }
}
