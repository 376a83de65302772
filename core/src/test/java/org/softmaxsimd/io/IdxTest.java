package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softmaxsimd.train.Dataset;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(Idx.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        IdxImages raw = Idx.readImages(write("raw", images(3, 2, 5)));
        IdxImages gz = Idx.readImages(write("compressed-without-suffix", gzip(images(3, 2, 5))));
        assertEquals(3, raw.count());
        assertEquals(10, raw.pixels());
        assertArrayEquals(raw.features(), gz.features());
        for (int i = 0; i < raw.features().length; i++) {
            assertEquals(((i * 37) & 0xFF) / 255f, raw.features()[i]);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, Idx.readLabels(write("labels.gz", gzip(labels(4)))));
    }

    @Test
    void rejectsMalformedFilesNamingThem() throws IOException {
        byte[] good = images(3, 2, 5);
        expectError(write("labels-as-images", labels(4)), true, "wrong magic");
        expectError(write("truncated", Arrays.copyOf(good, good.length - 1)), true, "truncated file");
        expectError(write("trailing", Arrays.copyOf(good, good.length + 1)), true, "trailing bytes");
        expectError(write("short-header", Arrays.copyOf(good, 10)), true, "truncated header");
        byte[] zeroRows = good.clone();
        ByteBuffer.wrap(zeroRows).putInt(8, 0);
        expectError(write("zero-rows", zeroRows), true, "dimension 1 is 0");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(4, Integer.MAX_VALUE);
        expectError(write("huge", huge), true, "more than this reader takes");
        byte[] brokenGzip = gzip(good);
        expectError(write("broken.gz", Arrays.copyOf(brokenGzip, brokenGzip.length / 2)), true, "corrupt gzip");
        expectError(write("images-as-labels", good), false, "wrong magic");
    }

    private static void expectError(Path file, boolean images, String what) {
        IOException e = assertThrows(IOException.class, () -> {
            if (images) {
                Idx.readImages(file);
            } else {
                Idx.readLabels(file);
            }
        });
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void directoryNeedsMatchingTrainingFilesAndTakesAnOptionalTestSet() throws IOException {
        assertThrows(NoSuchFileException.class, () -> MnistDirectory.load(dir.resolve("absent")));
        write("train-images-idx3-ubyte.gz", gzip(images(4, 2, 2)));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> MnistDirectory.load(dir));
        assertTrue(missing.getFile().contains("train-labels-idx1-ubyte"), missing.getFile());
        write("train-labels-idx1-ubyte", labels(4));
        MnistDirectory loaded = MnistDirectory.load(dir);
        Dataset train = loaded.train();
        assertEquals(4, train.rows());
        assertEquals(4, train.features());
        assertNull(loaded.test());
        write("t10k-images-idx3-ubyte", images(2, 2, 2));
        write("t10k-labels-idx1-ubyte", labels(3));
        IOException count = assertThrows(IOException.class, () -> MnistDirectory.load(dir));
        assertTrue(count.getMessage().contains("3 labels for 2 images"), count.getMessage());
    }

    @Test
    void readsTheProjectsMnistCopy() throws IOException {
        MnistDirectory mnist = MnistDirectory.load(Path.of("..", "data", "mnist-10k"));
        assertEquals(8000, mnist.train().rows());
        assertEquals(2000, mnist.test().rows());
        assertEquals(784, mnist.train().features());
        assertEquals(10, mnist.train().classCount());
    }

    /** 0.x threw ArithmeticException ("integer overflow") for this 16-byte header, naming no file. */
    @Test
    void dimensionsWhoseProductOverflowsAreAnIoExceptionNamingTheFile() throws IOException {
        Path file = dir.resolve("overflow-idx3-ubyte");
        Files.write(file, ByteBuffer.allocate(16).putInt(0x00000803).putInt(1).putInt(0x00010000).putInt(0x00010000)
                .array());
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("the dimensions promise 4294967296 bytes of payload"), e.getMessage());
    }

    /** A gzip stream that inflates far beyond what its header promises is not inflated past that promise. */
    @Test
    void aGzipStreamLongerThanTheHeaderPromisesStopsAtThePromise() throws IOException {
        byte[] header = ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(3).array();
        byte[] bomb = new byte[8 + (64 << 20)];
        System.arraycopy(header, 0, bomb, 0, 8);
        Path file = dir.resolve("bomb-idx1-ubyte.gz");
        Files.write(file, gzip(bomb));
        assertTrue(Files.size(file) < 1 << 20, "64 MB of zeros compress to " + Files.size(file) + " bytes");
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains("longer than the 3 bytes the header says (trailing bytes)"),
                e.getMessage());
    }

    /** A header whose payload fits 2 GiB but not the free heap is refused before anything is allocated. */
    @Test
    void aPayloadLargerThanTheFreeHeapIsRefusedBeforeAllocating() throws IOException {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        int count = (int) Math.min(quarter / (28 * 28), (Integer.MAX_VALUE - 64) / (28 * 28));
        Path file = dir.resolve("huge-idx3-ubyte");
        Files.write(file, ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(28).putInt(28).array());
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(file));
        long payload = (long) count * 784;
        if (payload * 5 > Runtime.getRuntime().maxMemory()) {
            assertTrue(e.getMessage().contains("which needs " + (payload * 5 >> 20) + " MB of heap"), e.getMessage());
        }
        assertTrue(e.getMessage().startsWith(file + ": the dimensions promise " + (long) count * 784 + " bytes"),
                e.getMessage());
    }

    @Test
    void aBrokenGzipHeaderIsACorruptStream() throws IOException {
        Path file = dir.resolve("broken.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().startsWith(file + ": corrupt gzip stream"), e.getMessage());
    }

    @Test
    void truncatedHeadersSayHowManyBytesThereAre() throws IOException {
        Path three = dir.resolve("three");
        Files.write(three, new byte[] {0, 0, 8});
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(three));
        assertEquals(three + ": truncated header (3 bytes, need 8)", e.getMessage());
        Path seven = dir.resolve("seven");
        Files.write(seven, new byte[] {0, 0, 8, 1, 0, 0, 0});
        e = assertThrows(IOException.class, () -> Idx.readLabels(seven));
        assertEquals(seven + ": truncated header (7 bytes, need 8)", e.getMessage());
        Path exact = dir.resolve("exact");
        Files.write(exact, ByteBuffer.allocate(9).putInt(Idx.LABELS_MAGIC).putInt(1).put((byte) 7).array());
        assertArrayEquals(new int[] {7}, Idx.readLabels(exact), "a header of exactly 8 bytes and one label");
    }

    @Test
    void wrongMagicsNameTheExpectedFormat() throws IOException {
        Path four = dir.resolve("four");
        Files.write(four, new byte[] {0, 0, 8, 3});
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(four));
        assertTrue(e.getMessage().contains("wrong magic 0x00000803, expected 0x00000801 (IDX labels, 2049)"),
                "four bytes are enough to tell the magic: " + e.getMessage());
        Path labels = dir.resolve("labels-as-images");
        Files.write(labels, labels(3));
        e = assertThrows(IOException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains("expected 0x00000803 (IDX images, 2051)"), e.getMessage());
    }

    /** A payload of exactly the 2 GiB − 64 limit is within the limit: what stops it is the heap. */
    @Test
    void thePayloadLimitItselfIsAllowed() throws IOException {
        Path file = dir.resolve("limit-idx1-ubyte");
        Files.write(file, ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(Integer.MAX_VALUE - 64).array());
        IOException e = assertThrows(IOException.class, () -> Idx.readLabels(file));
        if (5L * (Integer.MAX_VALUE - 64) > Runtime.getRuntime().maxMemory()) {
            assertTrue(e.getMessage().contains("MB of heap"), e.getMessage());
        } else {
            assertTrue(e.getMessage().contains("truncated file"), e.getMessage());
        }
    }
}
