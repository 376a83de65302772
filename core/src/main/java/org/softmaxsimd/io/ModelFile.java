package org.softmaxsimd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32C;

import org.softmaxsimd.train.SoftmaxRegression;

/**
 * The softmax-simd model file, version 1. All integers and floats are big-endian:
 * <pre>
 * offset  size  field
 *      0     4  magic "SMXR" (0x534D5852)
 *      4     4  version = 1
 *      8     4  K, classes (≥ 2)
 *     12     4  d, features (≥ 1)
 *     16     4  flags: bit 0 = bias, bit 1 = pivot class; other bits 0
 *     20   4·n  the parameters as IEEE-754 float32: θ (K×d row-major), then the K bias entries if bit 0
 *  20+4n     4  CRC32C of every byte before it
 * </pre>
 * with n = K·d (+ K with a bias). {@link #save} goes through {@link AtomicFiles#write}, so a failed save
 * leaves the old file intact. {@link #load} rejects a wrong magic, version, flags, size or checksum with an
 * IOException that
 * names the file and the field.
 */
public final class ModelFile {

    /** "SMXR". */
    public static final int MAGIC = 0x534D5852;
    /** The version this class writes and reads. */
    public static final int VERSION = 1;
    private static final int HEADER_BYTES = 20;
    private static final int FLAG_BIAS = 1;
    private static final int FLAG_PIVOT = 2;

    private ModelFile() {
    }

    /**
     * Saves {@code model} to {@code file} (replacing it only once the new content is complete on disk).
     *
     * @param model the model to write
     * @param file the model file
     * @throws IOException if the file cannot be written; the old file is then left as it was
     */
    public static void save(SoftmaxRegression model, Path file) throws IOException {
        Objects.requireNonNull(model, "model");
        float[] parameters = model.parameters();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 4 * parameters.length + 4).order(ByteOrder.BIG_ENDIAN);
        buffer.putInt(MAGIC).putInt(VERSION).putInt(model.classes()).putInt(model.features())
                .putInt((model.hasBias() ? FLAG_BIAS : 0) | (model.hasPivot() ? FLAG_PIVOT : 0));
        for (float p : parameters) {
            buffer.putFloat(p);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        AtomicFiles.write(file, buffer.array());
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param file the model file
     * @return the model
     * @throws IOException if the file cannot be read or is not a valid file (the message names it)
     */
    public static SoftmaxRegression load(Path file) throws IOException {
        long size = Files.size(file);
        if (size < HEADER_BYTES + 4) {
            throw new IOException(file + ": " + size + " bytes is too short for a model file");
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + size + " bytes is too large for a model file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN);
        int magic = buffer.getInt();
        if (magic != MAGIC) {
            throw new IOException(String.format("%s: wrong magic 0x%08x, not a softmax-simd model file (0x%08x)", file,
                    magic, MAGIC));
        }
        int version = buffer.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": model file version " + version + ", this library reads version "
                    + VERSION);
        }
        int classes = buffer.getInt();
        int features = buffer.getInt();
        int flags = buffer.getInt();
        if (classes < 2 || features < 1) {
            throw new IOException(file + ": bad shape, classes = " + classes + ", features = " + features);
        }
        if ((flags & ~(FLAG_BIAS | FLAG_PIVOT)) != 0) {
            throw new IOException(file + ": unknown flags 0x" + Integer.toHexString(flags));
        }
        boolean bias = (flags & FLAG_BIAS) != 0;
        long count = (long) classes * features + (bias ? classes : 0);
        long expected = HEADER_BYTES + 4 * count + 4;
        if (buffer.capacity() != expected) {
            throw new IOException(file + ": " + buffer.capacity() + " bytes, but " + classes + " classes × "
                    + features + " features" + (bias ? " + bias" : "") + " need " + expected
                    + (buffer.capacity() < expected ? " (truncated)" : " (trailing bytes)"));
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, (int) expected - 4);
        int stored = buffer.getInt((int) expected - 4);
        if (stored != (int) crc.getValue()) {
            throw new IOException(String.format("%s: checksum mismatch (stored 0x%08x, computed 0x%08x): the file is"
                    + " corrupt", file, stored, (int) crc.getValue()));
        }
        float[] parameters = new float[(int) count];
        buffer.position(HEADER_BYTES);
        buffer.asFloatBuffer().get(parameters);
        try {
            SoftmaxRegression.Options options = SoftmaxRegression.Options.defaults().withBias(bias)
                    .withPivot((flags & FLAG_PIVOT) != 0);
            return new SoftmaxRegression(classes, features, options, parameters);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
