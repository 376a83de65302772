package org.softmaxsimd.internal.vectorization;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the {@link KernelSupport} once per JVM and says which on one log line.
 *
 * <p>The choice follows the system property {@value #PROPERTY}:
 * <ul>
 *   <li>{@code auto} (default): the Vector API path when the {@code jdk.incubator.vector} module is in the
 *       boot layer and its preferred species has at least 128 bits; otherwise the scalar path, with one
 *       WARNING line that says how to enable SIMD;</li>
 *   <li>{@code panama}: the Vector API path, or an {@link IllegalStateException} saying why it is unusable
 *       (never a silent fallback);</li>
 *   <li>{@code scalar}: the scalar path;</li>
 *   <li>anything else: an {@link IllegalArgumentException}.</li>
 * </ul>
 * Internal API: it may change in any release.
 */
public final class VectorizationProvider {

    /** The system property that selects the kernels. */
    public static final String PROPERTY = "softmaxsimd.kernels";

    /** Where the choice is announced; a test seam ({@link #logTo}), the platform logger otherwise. */
    private static volatile System.Logger log = System.getLogger(VectorizationProvider.class.getName());
    private static final String PANAMA_CLASS =
            "org.softmaxsimd.internal.vectorization.PanamaKernelSupport";
    private static final int MIN_VECTOR_BITS = 128;

    private VectorizationProvider() {
    }

    /** Holder idiom: the choice is made, and logged, on first use. */
    private static final class Chosen {
        static final KernelSupport KERNELS = choose(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * Returns the kernels chosen for this JVM by {@value #PROPERTY}.
     *
     * @throws IllegalArgumentException if the property has an unknown value
     * @throws IllegalStateException    if it says {@code panama} and the Vector API is unusable
     */
    public static KernelSupport kernels() {
        return Chosen.KERNELS;
    }

    /** Returns the scalar kernels, whatever the property says (for comparisons and tests). */
    public static KernelSupport scalar() {
        return ScalarKernelSupport.INSTANCE;
    }

    /**
     * Returns the Vector API kernels, whatever the property says (for comparisons and tests).
     *
     * @throws IllegalStateException if the Vector API is unusable here; the message says why
     */
    public static KernelSupport panama() {
        Optional<String> why = panamaUnusableReason();
        if (why.isPresent()) {
            throw new IllegalStateException("The Vector API kernels are unusable: " + why.get());
        }
        return PanamaHolder.INSTANCE;
    }

    /**
     * Returns the Vector API kernels without the compilation barrier that {@link #panama()} puts around them
     * (each kernel compiled as its own unit, called through a method handle): for measuring the barrier's
     * per-call cost only. A caller that inlines several of these kernels can make C2 box their vectors.
     *
     * @throws IllegalStateException if the Vector API is unusable here; the message says why
     */
    public static KernelSupport panamaWithoutBarrier() {
        return ((SeparatelyCompiledKernels) panama()).target();
    }

    /** Returns the kernels named {@code name} ("scalar", "panama" or "auto"). */
    public static KernelSupport byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "scalar":
                return scalar();
            case "panama":
                return panama();
            case "auto":
                return kernels();
            default:
                throw new IllegalArgumentException(
                        PROPERTY + " must be auto, scalar or panama, but was '" + name + "'");
        }
    }

    /** Returns the vector width in bits of the Vector API kernels, or 0 when they are unusable. */
    public static int panamaVectorBits() {
        return panamaUnusableReason().isPresent() ? 0 : PanamaHolder.BITS;
    }

    private static final class PanamaHolder {
        static final KernelSupport INSTANCE = loadPanama();
        static final int BITS = INSTANCE.lanes() * Float.SIZE;
    }

    static KernelSupport choose(String property) {
        String key = property.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "auto": {
                Optional<String> why = panamaUnusableReason();
                if (why.isPresent()) {
                    log.log(System.Logger.Level.WARNING, "softmax-simd: using scalar kernels because " + why.get()
                            + ". To enable SIMD, run java with --add-modules jdk.incubator.vector");
                    return scalar();
                }
                return announce(panama());
            }
            case "panama":
                return announce(panama());
            case "scalar":
                log.log(System.Logger.Level.INFO, "softmax-simd: using scalar kernels (" + PROPERTY + "=scalar)");
                return scalar();
            default:
                return byName(property);
        }
    }

    /** Sends the announcements to {@code logger} (tests); returns the logger used before. */
    static System.Logger logTo(System.Logger logger) {
        System.Logger before = log;
        log = logger;
        return before;
    }

    private static KernelSupport announce(KernelSupport kernels) {
        log.log(System.Logger.Level.INFO, "softmax-simd: using Vector API kernels, " + kernels.lanes() * Float.SIZE
                + "-bit species (" + kernels.lanes() + " float lanes), FMA " + fmaStatus());
        return kernels;
    }

    private static Optional<String> panamaUnusableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("the jdk.incubator.vector module is not enabled");
        }
        int bits = PanamaHolder.BITS;
        if (bits < MIN_VECTOR_BITS) {
            return Optional.of("the preferred vector species has only " + bits + " bits (at least "
                    + MIN_VECTOR_BITS + " needed)");
        }
        return Optional.empty();
    }

    private static KernelSupport loadPanama() {
        try {
            KernelSupport panama = (KernelSupport) MethodHandles.lookup()
                    .findConstructor(Class.forName(PANAMA_CLASS), MethodType.methodType(void.class))
                    .invoke();
            return new SeparatelyCompiledKernels(panama);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot load " + PANAMA_CLASS, e);
        }
    }

    static String fmaStatus() {
        try {
            Class<?> beanClass = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    beanClass.asSubclass(java.lang.management.PlatformManagedObject.class));
            Object option = beanClass.getMethod("getVMOption", String.class).invoke(bean, "UseFMA");
            Object value = option.getClass().getMethod("getValue").invoke(option);
            return "true".equals(value) ? "on" : "off (fused multiply-adds are emulated and slow)";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
