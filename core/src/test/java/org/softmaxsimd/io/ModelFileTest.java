package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.softmaxsimd.train.SoftmaxRegression;

class ModelFileTest {
    @TempDir
    Path dir;

    static SoftmaxRegression randomModel(int classes, int features, boolean bias, boolean pivot, long seed) {
        SoftmaxRegression model = new SoftmaxRegression(classes, features,
                SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = model.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) random.nextDouble(-1, 1);
        }
        if (pivot) {
            Arrays.fill(p, (classes - 1) * features, classes * features, 0f);
            if (bias) {
                p[model.biasOffset() + classes - 1] = 0f;
            }
        }
        return model;
    }

    @ParameterizedTest(name = "bias {0}, pivot {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void roundTrip(boolean bias, boolean pivot) throws IOException {
        SoftmaxRegression model = randomModel(10, 784, bias, pivot, 1);
        Path file = dir.resolve("model.bin");
        ModelFile.save(model, file);
        SoftmaxRegression loaded = ModelFile.load(file);
        assertEquals(10, loaded.classes());
        assertEquals(784, loaded.features());
        assertEquals(bias, loaded.hasBias());
        assertEquals(pivot, loaded.hasPivot());
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertEquals(20 + 4 * model.parameters().length + 4, Files.size(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsCorruptFilesNamingTheField() throws IOException {
        Path file = dir.resolve("model.bin");
        ModelFile.save(randomModel(3, 5, true, false, 2), file);
        byte[] good = Files.readAllBytes(file);
        expect(good.length - 1, good, null, "truncated");
        expect(good.length + 4, good, null, "trailing bytes");
        expect(10, good, null, "too short");
        expect(good.length, good, b -> b.putInt(0, 0x12345678), "wrong magic");
        expect(good.length, good, b -> b.putInt(4, 2), "version 2");
        expect(good.length, good, b -> b.putInt(8, 1), "bad shape");
        expect(good.length, good, b -> b.putInt(16, 4), "unknown flags");
        expect(good.length, good, b -> b.put(30, (byte) (b.get(30) ^ 1)), "checksum mismatch");
        // The edges of each bound: 24 bytes is long enough to be read as a header, so its size mismatch is reported.
        expect(24, good, null, "24 bytes, but 3 classes × 5 features + bias need");
        expect(good.length, good, b -> b.putInt(12, 0), "bad shape, classes = 3, features = 0");
    }

    @Test
    void theSmallestModelLoads() throws IOException {
        Path file = dir.resolve("small.bin");
        SoftmaxRegression small = new SoftmaxRegression(2, 1, SoftmaxRegression.Options.defaults().withBias(false),
                new float[] {0.5f, -2f});
        ModelFile.save(small, file);
        assertEquals(32, Files.size(file), "20 header bytes, 2 floats, the checksum");
        assertArrayEquals(small.parameters(), ModelFile.load(file).parameters());
    }

    private void expect(int length, byte[] good, java.util.function.Consumer<ByteBuffer> damage, String what)
            throws IOException {
        byte[] bad = Arrays.copyOf(good, length);
        if (damage != null) {
            damage.accept(ByteBuffer.wrap(bad));
        }
        Path file = Files.write(dir.resolve("bad-" + what.replace(' ', '-')), bad);
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        // A non-empty directory cannot be replaced: the rename fails after the new content was written.
        Path target = Files.createDirectory(dir.resolve("model.bin"));
        Path old = Files.writeString(target.resolve("old"), "old content");
        assertThrows(IOException.class, () -> ModelFile.save(randomModel(3, 5, false, false, 3), target));
        assertEquals("old content", Files.readString(old));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void readersNeverSeeAHalfWrittenModel() throws Exception {
        Path file = dir.resolve("model.bin");
        SoftmaxRegression a = randomModel(10, 784, true, false, 4);
        SoftmaxRegression b = randomModel(10, 784, true, false, 5);
        ModelFile.save(a, file);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    float[] p = ModelFile.load(file).parameters();
                    if (!Arrays.equals(p, a.parameters()) && !Arrays.equals(p, b.parameters())) {
                        throw new AssertionError("a mixed model");
                    }
                } catch (Throwable t) {
                    failure.set(t);
                    return;
                }
            }
        });
        reader.start();
        for (int i = 0; i < 60; i++) {
            ModelFile.save(i % 2 == 0 ? b : a, file);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("a reader saw a partial file", failure.get());
        }
    }
}
