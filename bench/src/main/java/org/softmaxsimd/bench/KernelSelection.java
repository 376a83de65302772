package org.softmaxsimd.bench;

import org.softmaxsimd.Softmax;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * Selects the kernels of the public facades for one JMH fork. Each JMH trial runs in a fresh JVM, so setting
 * {@code softmaxsimd.kernels} before the first use of a facade measures exactly what users call.
 */
final class KernelSelection {
    /**
     * The JVM flag every benchmark fork needs for the SIMD path (JMH's {@code -jvmArgsAppend} on the command line
     * replaces an annotation's, so the report and the gate pass it again).
     */
    static final String ADD_VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private KernelSelection() {
    }

    /**
     * Overrides every benchmark's kernel choice, for showing that the regression gate fails when the SIMD
     * path is lost: {@code -Dsoftmaxsimd.bench.forceKernels=scalar} makes the "panama" side run scalar.
     */
    static final String FORCE_PROPERTY = "softmaxsimd.bench.forceKernels";

    /** Selects {@code impl} ("scalar" or "panama") and fails if the facade runs anything else. */
    static void select(String impl) {
        String forced = System.getProperty(FORCE_PROPERTY);
        if (forced != null) {
            System.setProperty(VectorizationProvider.PROPERTY, forced);
            System.err.println("softmax-simd bench: " + impl + " side forced to " + Softmax.implementation()
                    + " kernels (" + FORCE_PROPERTY + ")");
            return;
        }
        System.setProperty(VectorizationProvider.PROPERTY, impl);
        String running = Softmax.implementation();
        if (!running.equals(impl)) {
            throw new IllegalStateException("benchmark asked for " + impl + " kernels but the facade runs "
                    + running + " (was a facade used before the @Setup?)");
        }
    }
}
