package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softmaxsimd.train.SoftmaxRegression;

/**
 * Saves are crash-safe: a child JVM killed (SIGKILL) at random moments while it saves models in a loop always
 * leaves the old or the new model with a valid checksum ({@link AtomicFilesTest} checks the failures of each
 * step).
 */
class CrashSafeSaveTest {

    /** Two distinct models the child alternates between; the parent knows both. */
    static SoftmaxRegression model(int which) {
        float[] p = new float[40 * 50 + 40];
        for (int i = 0; i < p.length; i++) {
            p[i] = which * 1000 + i;
        }
        return new SoftmaxRegression(40, 50, SoftmaxRegression.Options.defaults(), p);
    }

    /** Child JVM: saves model 0 and model 1 to args[0], alternately, until it is killed. */
    public static final class SaveLoop {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            // Both models saved once before "ready": the kills then land in a warm loop, and the file already holds
            // model 1, so a slow machine still shows both models across the runs.
            ModelFile.save(model(0), file);
            ModelFile.save(model(1), file);
            System.out.println("ready");
            System.out.flush();
            for (long i = 0; ; i++) {
                ModelFile.save(model((int) (i & 1)), file);
            }
        }
    }

    @Test
    void killedWhileSavingLeavesTheOldOrTheNewModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.smx");
        ModelFile.save(model(0), file);
        float[][] known = {model(0).parameters(), model(1).parameters()};
        SplittableRandom random = new SplittableRandom(13);
        int[] seen = new int[2];
        for (int run = 0; run < 50; run++) {
            Process child = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator
                    + "java", "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            assertEquals('r', child.getInputStream().read(), "the child started");
            Thread.sleep(random.nextInt(5, 60));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
            SoftmaxRegression loaded = ModelFile.load(file);
            float[] p = loaded.parameters();
            int which = p[0] == 0f ? 0 : 1;
            assertArrayEquals(known[which], p, "run " + run + ": a whole model");
            seen[which]++;
        }
        System.out.println("50 kills while saving: model 0 found " + seen[0] + " times, model 1 " + seen[1] + " times");
        assertTrue(seen[0] > 0 && seen[1] > 0, "the kills hit a live save loop: " + seen[0] + " / " + seen[1]);
    }
}
