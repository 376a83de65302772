package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Guards the kernel barrier ({@link SeparatelyCompiledKernels}), which keeps each SIMD kernel its own C2
 * compilation because C2 does not inline a call through a {@link MethodHandle} held in an instance field: every
 * kernel of {@link KernelSupport} must go through such a handle (a kernel added to the interface and forgotten
 * here would be inlined into its callers again), and each handle must reach the kernel of its own name.
 */
class KernelBarrierTest {

    private static List<Method> kernels() {
        List<Method> kernels = new ArrayList<>();
        for (Method m : KernelSupport.class.getMethods()) {
            if (!m.getName().equals("name") && !m.getName().equals("lanes") && !Modifier.isStatic(m.getModifiers())) {
                kernels.add(m);
            }
        }
        return kernels;
    }

    @Test
    void everyKernelHasAnInstanceMethodHandleField() throws NoSuchFieldException {
        for (Method kernel : kernels()) {
            Field handle = SeparatelyCompiledKernels.class.getDeclaredField(kernel.getName());
            assertEquals(MethodHandle.class, handle.getType(), kernel.getName());
            assertTrue(Modifier.isFinal(handle.getModifiers()) && !Modifier.isStatic(handle.getModifiers()),
                    kernel.getName() + ": a static final handle would be a constant that C2 inlines through");
        }
    }

    @Test
    void everyKernelCallReachesItsOwnKernelThroughTheHandle() throws ReflectiveOperationException {
        List<String> calls = new ArrayList<>();
        KernelSupport recorder = (KernelSupport) Proxy.newProxyInstance(KernelSupport.class.getClassLoader(),
                new Class<?>[] {KernelSupport.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return zeroOf(method.getReturnType());
                });
        SeparatelyCompiledKernels barrier = new SeparatelyCompiledKernels(recorder);
        for (Method kernel : kernels()) {
            Method declared = SeparatelyCompiledKernels.class.getDeclaredMethod(kernel.getName(),
                    kernel.getParameterTypes());
            assertSame(SeparatelyCompiledKernels.class, declared.getDeclaringClass());
            Object[] args = new Object[kernel.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = zeroOf(kernel.getParameterTypes()[i]);
            }
            calls.clear();
            kernel.invoke(barrier, args);
            assertEquals(List.of(kernel.getName()), calls, "through the barrier, " + kernel.getName());
        }
    }

    @Test
    void theUnbarrieredKernelsAreTheOnesBehindTheBarrier() {
        KernelSupport withBarrier = VectorizationProvider.panama();
        assertTrue(withBarrier instanceof SeparatelyCompiledKernels, "panama() must hand out the barrier");
        assertSame(((SeparatelyCompiledKernels) withBarrier).target(), VectorizationProvider.panamaWithoutBarrier());
        assertEquals("panama", VectorizationProvider.panamaWithoutBarrier().name());
    }

    private static Object zeroOf(Class<?> type) {
        if (type == float.class) {
            return 0f;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return null;
    }
}
