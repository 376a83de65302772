package org.softmaxsimd.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softmaxsimd.Softmax;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * The consumer's examples, run on the module path, on the class path, and on the module path without the Vector
 * API module (three surefire executions). Each run first checks that it really is on the path it claims, with the
 * kernels it claims.
 */
class QuickStartTest {

    @Test
    void runsOnThePathItClaims() {
        String path = System.getProperty("consumer.path", "");
        Module library = Softmax.class.getModule();
        if (path.equals("module")) {
            assertTrue(library.isNamed(), "softmax-simd must be the named module org.softmaxsimd here");
            assertEquals("org.softmaxsimd", library.getName());
            assertEquals("org.softmaxsimd.example", QuickStart.class.getModule().getName());
            assertTrue(library.getDescriptor().exports().stream().noneMatch(e -> e.source().contains("internal")),
                    "the internal packages are not exported");
        } else {
            assertEquals("class", path, "-Dconsumer.path must be module or class");
            assertTrue(!library.isNamed(), "softmax-simd must be on the class path here");
        }
        String kernels = System.getProperty("consumer.kernels", "panama");
        assertEquals(kernels, Softmax.implementation(),
                "--add-modules jdk.incubator.vector selects SIMD; without it the scalar kernels run");
    }

    @Test
    void internalPackagesAreNotReachableOnTheModulePath() throws Exception {
        Class<?> checks = Class.forName("org.softmaxsimd.internal.Checks");
        if ("module".equals(System.getProperty("consumer.path"))) {
            assertThrows(IllegalAccessException.class, () -> checks.getMethod("atLeast", String.class, int.class,
                    int.class).invoke(null, "n", 1, 0));
        }
    }

    @Test
    void softmaxMasksTheInfiniteLogit() {
        float[] p = QuickStart.softmaxOfFourLogits();
        assertEquals(0.659f, p[0], 1e-3f);
        assertEquals(0.242f, p[1], 1e-3f);
        assertEquals(0.099f, p[2], 1e-3f);
        assertEquals(0f, p[3]);
    }

    @Test
    void gradientStepsLowerTheLoss() {
        float[] w = new float[15];
        float first = QuickStart.gradientStep(w, 0.5f);
        assertEquals(Math.log(5), first, 1e-6, "zero weights: every class 1/5");
        float later = first;
        for (int step = 0; step < 20; step++) {
            later = QuickStart.gradientStep(w, 0.5f);
        }
        assertTrue(later < 0.8 * first, later + " vs " + first);
    }

    @Test
    void trainsAndRoundTripsTheModel(@TempDir Path dir) throws Exception {
        QuickStart.Trained trained = QuickStart.trainOnClusters(4, 8, 400, 1e-3);
        assertTrue(trained.accuracy() > 0.95, "training accuracy " + trained.accuracy());
        assertTrue(trained.objective() < 0.3, "J = " + trained.objective());
        SoftmaxRegression loaded = QuickStart.saveAndLoad(trained.model(), dir.resolve("model.smx"));
        assertArrayEquals(trained.model().parameters(), loaded.parameters());
        assertEquals(trained.model().hasBias(), loaded.hasBias());
    }

    @Test
    void mainRuns() throws Exception {
        QuickStart.main(new String[0]);
    }
}
