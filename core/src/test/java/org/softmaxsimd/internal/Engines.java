package org.softmaxsimd.internal;

import java.util.List;

import org.softmaxsimd.internal.vectorization.KernelSupport;
import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/**
 * The engines every kernel test runs: both kernel paths, each with the default choice between three-pass
 * and two-pass softmax and with each scheme forced, so both schemes are tested at every length.
 * {@link VectorizationProvider#panama()} throws when the Vector API is unusable, so a test run without it
 * fails instead of silently testing the scalar path twice.
 */
public final class Engines {
    private Engines() {
    }

    /** A named engine. */
    public static final class Named {
        public final String name;
        public final SoftmaxEngine engine;

        Named(String name, SoftmaxEngine engine) {
            this.name = name;
            this.engine = engine;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static KernelSupport scalarKernels() {
        return VectorizationProvider.scalar();
    }

    public static KernelSupport panamaKernels() {
        return VectorizationProvider.panama();
    }

    /** Float lanes of the SIMD path: lengths 0..4L+3 are tested. */
    public static int lanes() {
        return panamaKernels().lanes();
    }

    public static List<Named> all() {
        KernelSupport scalar = scalarKernels();
        KernelSupport panama = panamaKernels();
        return List.of(
                new Named("scalar", new SoftmaxEngine(scalar)),
                new Named("scalar/two-pass", new SoftmaxEngine(scalar, 0)),
                new Named("scalar/three-pass", new SoftmaxEngine(scalar, Integer.MAX_VALUE)),
                new Named("panama", new SoftmaxEngine(panama)),
                new Named("panama/two-pass", new SoftmaxEngine(panama, 0)),
                new Named("panama/three-pass", new SoftmaxEngine(panama, Integer.MAX_VALUE)));
    }
}
