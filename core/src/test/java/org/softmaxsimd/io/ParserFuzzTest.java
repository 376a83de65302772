package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz targets (Jazzer) for the file parsers. The contract under test: whatever the bytes, a
 * reader either returns a well-formed result or throws an {@link IOException}; any other exception, an
 * {@code OutOfMemoryError} (the fuzz profile runs with {@code -Xmx256m}) or a hang is a finding. In a normal
 * build each target runs its committed inputs ({@code src/test/resources/org/softmaxsimd/io/ParserFuzzTestInputs/
 * <target>/}: seeds and every crash found); {@code JAZZER_FUZZ=1} fuzzes one target (README, Reliability).
 */
class ParserFuzzTest {

    private static Path dir;

    @BeforeAll
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("softmax-simd-fuzz");
    }

    @AfterAll
    static void deleteDirectory() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void images(byte[] bytes) {
        Path file = write("images", bytes);
        try {
            IdxImages images = Idx.readImages(file);
            assertEquals((long) images.count() * images.rows() * images.cols(), images.features().length);
            for (float v : images.features()) {
                assertTrue(v >= 0f && v <= 1f, "pixel " + v);
            }
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }

    private static void labels(byte[] bytes) {
        Path file = write("labels", bytes);
        try {
            for (int label : Idx.readLabels(file)) {
                assertTrue(label >= 0 && label <= 255, "label " + label);
            }
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readImages(byte[] bytes) {
        images(bytes);
    }

    @FuzzTest(maxDuration = "10m")
    void readImagesGzip(byte[] bytes) {
        // Gzipped here, so that the fuzzer's bytes get past the gzip header and CRC into the IDX parser.
        images(gzip(bytes));
    }

    @FuzzTest(maxDuration = "10m")
    void readLabels(byte[] bytes) {
        labels(bytes);
    }

    @FuzzTest(maxDuration = "10m")
    void readLabelsGzip(byte[] bytes) {
        labels(gzip(bytes));
    }

    @FuzzTest(maxDuration = "10m")
    void loadModel(byte[] bytes) {
        // A valid CRC32C is appended, so that mutations reach the fields behind the checksum.
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        byte[] withCrc = ByteBuffer.allocate(bytes.length + 4).put(bytes).putInt((int) crc.getValue()).array();
        Path file = write("model", withCrc);
        try {
            var model = ModelFile.load(file);
            assertTrue(model.classes() >= 2 && model.features() >= 1);
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void loadMnistDirectory(FuzzedDataProvider data) {
        Path folder = dir.resolve("mnist");
        try {
            Files.createDirectories(folder);
            String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte"};
            for (String name : names) {
                byte[] bytes = data.consumeBytes(data.consumeInt(0, 4096));
                Files.write(folder.resolve(name), data.consumeBoolean() ? gzip(bytes) : bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            MnistDirectory mnist = MnistDirectory.load(folder);
            assertEquals(mnist.train().features(), mnist.test().features());
        } catch (IOException expected) {
            assertTrue(expected.getMessage().contains(folder.toString()), expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readLibsvm(byte[] bytes) {
        Path file = write("data.libsvm", bytes);
        // The sparse read parses the same way: it fails exactly when the dense one fails for a reason other than
        // the dense matrix's size, and otherwise holds the same examples.
        SparseLabelledData sparse;
        try {
            sparse = LibsvmFile.readSparse(file);
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
            sparse = null;
        }
        try {
            LabelledData read = LibsvmFile.read(file);
            assertEquals((long) read.data().rows() * read.data().features(), read.data().x().length);
            assertTrue(read.classes() >= 1 && read.data().classCount() <= read.classes());
            assertTrue(sparse != null, "the dense read succeeded where the sparse one failed");
            assertEquals(read.classNames(), sparse.classNames());
            assertSameExamples(read, sparse);
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }

    /**
     * The dense and the CSR read hold the same examples, compared in place: a second dense copy of a file the
     * dense read only just fitted would not fit the fuzzing heap (an earlier form of this target ran out of it).
     */
    private static void assertSameExamples(LabelledData dense, SparseLabelledData sparse) {
        float[] x = dense.data().x();
        int d = dense.data().features();
        org.softmaxsimd.train.SparseDataset csr = sparse.data();
        assertEquals(d, csr.features());
        assertEquals(dense.data().rows(), csr.rows());
        assertArrayEquals(dense.data().labels(), csr.labels());
        long denseNonZeros = 0;
        for (float v : x) {
            if (v != 0f) {
                denseNonZeros++;
            }
        }
        long sparseNonZeros = 0;
        for (int r = 0; r < csr.rows(); r++) {
            for (int n = csr.rowStart()[r]; n < csr.rowStart()[r + 1]; n++) {
                assertEquals(csr.value()[n], x[r * d + csr.index()[n]], 0f);
                if (csr.value()[n] != 0f) {
                    sparseNonZeros++;
                }
            }
        }
        assertEquals(denseNonZeros, sparseNonZeros, "the same non-zeros");
    }

    @FuzzTest(maxDuration = "10m")
    void readCsv(FuzzedDataProvider data) {
        CsvFile.Options options = CsvFile.Options.defaults()
                .withHeader(data.pickValue(CsvFile.Header.values()))
                .withLabelColumn(data.consumeBoolean() ? Integer.toString(data.consumeInt(0, 5)) : data.consumeString(8));
        Path file = write("data.csv", data.consumeRemainingAsBytes());
        try {
            LabelledData read = CsvFile.read(file, options);
            assertEquals((long) read.data().rows() * read.data().features(), read.data().x().length);
        } catch (IOException expected) {
            assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        }
    }
}
