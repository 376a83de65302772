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
        // Header, parameters, the names "0" … "9" (a 4-byte length and one byte each), the checksum.
        assertEquals(20 + 4 * model.parameters().length + 10 * 5 + 4, Files.size(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsCorruptFilesNamingTheField() throws IOException {
        Path file = dir.resolve("model.bin");
        ModelFile.save(randomModel(3, 5, true, false, 2), file);
        byte[] good = Files.readAllBytes(file);
        // Version 2's class names make the size open-ended: a cut or an extension shows as a broken checksum.
        expect(good.length - 1, good, null, "checksum mismatch");
        expect(good.length + 4, good, null, "checksum mismatch");
        expect(10, good, null, "too short");
        expect(good.length, good, b -> b.putInt(0, 0x12345678), "wrong magic");
        expect(good.length, good, b -> b.putInt(4, 3), "version 3, this library reads versions 1 and 2");
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
        assertEquals(42, Files.size(file), "20 header bytes, 2 floats, the names \"0\" and \"1\", the checksum");
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

    /** Version 1 files (no class names) still load, with the names "0" … "K−1"; their size is exact. */
    @Test
    void version1FilesStillLoad() throws IOException {
        SoftmaxRegression model = randomModel(3, 4, true, true, 5);
        float[] p = model.parameters();
        ByteBuffer b = ByteBuffer.allocate(20 + 4 * p.length + 4);
        b.putInt(ModelFile.MAGIC).putInt(1).putInt(3).putInt(4).putInt(3);
        for (float v : p) {
            b.putFloat(v);
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path file = Files.write(dir.resolve("v1.smx"), b.array());
        SavedModel read = ModelFile.read(file);
        assertArrayEquals(p, read.model().parameters());
        assertEquals(java.util.List.of("0", "1", "2"), read.classNames());
        byte[] good = b.array();
        expect(good.length - 1, good, null, "truncated");
        expect(good.length + 4, good, null, "trailing bytes");
    }

    @Test
    void classNamesRoundTrip() throws IOException {
        SoftmaxRegression model = randomModel(3, 2, false, false, 6);
        java.util.List<String> names = java.util.List.of("cat", "", "Ünïcødé, \"quoted\"");
        Path file = dir.resolve("named.smx");
        ModelFile.save(new SavedModel(model, names), file);
        SavedModel read = ModelFile.read(file);
        assertEquals(names, read.classNames());
        assertArrayEquals(model.parameters(), read.model().parameters());
        assertThrows(IllegalArgumentException.class, () -> new SavedModel(model, java.util.List.of("a", "b")));
        byte[] good = Files.readAllBytes(file);
        // A class-name length that runs past the end, with a checksum that matches the damage.
        int at = 20 + 4 * model.parameters().length;
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(at, 1000);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bad, 0, bad.length - 4);
        ByteBuffer.wrap(bad).putInt(bad.length - 4, (int) crc.getValue());
        Path broken = Files.write(dir.resolve("broken-name.smx"), bad);
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(broken));
        assertTrue(e.getMessage().contains("class name 0: length 1000 is outside"), e.getMessage());
    }
}
