/**
 * softmax-simd: SIMD softmax-regression kernels on the Java Vector API over {@code float[]} slices, with a
 * scalar path that agrees within the documented bounds, sampled softmax, a trainer (L-BFGS, SGD) and its files.
 *
 * <p>The Vector API is an optional dependency ({@code requires static}): run with
 * {@code --add-modules jdk.incubator.vector} to get the SIMD kernels; without it the scalar kernels run and one
 * WARNING line says how to enable SIMD. Only the public API packages are exported; the kernels and the
 * argument checks in {@code org.softmaxsimd.internal} are not.
 */
module org.softmaxsimd {
    requires static jdk.incubator.vector;
    // ManagementFactory reads the UseFMA flag for the one INFO line about the kernels.
    requires java.management;
    requires static jdk.management;

    exports org.softmaxsimd;
    exports org.softmaxsimd.sampled;
    exports org.softmaxsimd.train;
    exports org.softmaxsimd.io;
}
