package org.softmaxsimd.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

/**
 * The choice of kernels in this JVM (which has the vector module): each value of the property, what is logged
 * for it, the names, and the width. The fallback to scalar without the module is tested in child JVMs by
 * {@code VectorizationSelectionTest}.
 */
class VectorizationProviderTest {

    @Test
    void eachPropertyValueChoosesItsKernelsAndSaysSo() {
        List<String> log = new ArrayList<>();
        System.Logger recorder = new System.Logger() {
            @Override
            public String getName() {
                return "recorder";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
                log.add(level + " " + message);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                log.add(level + " " + format);
            }
        };
        System.Logger before = VectorizationProvider.logTo(recorder);
        try {
            assertEquals("panama", VectorizationProvider.choose("auto").name());
            assertTrue(log.get(0).startsWith("INFO softmax-simd: using Vector API kernels, "
                    + VectorizationProvider.panamaVectorBits() + "-bit species"), log.toString());
            assertEquals("panama", VectorizationProvider.choose(" PANAMA ").name());
            assertEquals(2, log.size());
            assertSame(VectorizationProvider.scalar(), VectorizationProvider.choose("scalar"));
            assertEquals("INFO softmax-simd: using scalar kernels (softmaxsimd.kernels=scalar)", log.get(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VectorizationProvider.choose("gpu"));
            assertEquals("softmaxsimd.kernels must be auto, scalar or panama, but was 'gpu'", e.getMessage());
        } finally {
            VectorizationProvider.logTo(before);
        }
    }

    @Test
    void namesWidthAndFmaStatus() {
        assertSame(VectorizationProvider.scalar(), VectorizationProvider.byName(" Scalar"));
        assertSame(VectorizationProvider.panama(), VectorizationProvider.byName("panama"));
        assertSame(VectorizationProvider.kernels(), VectorizationProvider.byName("auto"));
        assertThrows(IllegalArgumentException.class, () -> VectorizationProvider.byName("simd"));
        assertEquals("scalar", VectorizationProvider.scalar().name());
        assertEquals(1, VectorizationProvider.scalar().lanes());
        int bits = VectorizationProvider.panamaVectorBits();
        assertEquals(VectorizationProvider.panama().lanes() * Float.SIZE, bits);
        assertTrue(bits >= 128, "bits " + bits);
        assertEquals(PanamaKernelSupport.vectorBits(), bits);
        String fma = VectorizationProvider.fmaStatus();
        assertTrue(fma.equals("on") || fma.startsWith("off (") || fma.equals("unknown"), fma);
        assertTrue(VectorizationProvider.kernels() != null);
    }
}
