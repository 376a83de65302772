package org.softmaxsimd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

import org.softmaxsimd.train.SoftmaxRegression;

/**
 * The softmax-simd model file, version 2 (version 1 is still read). All integers and floats are big-endian:
 * <pre>
 * offset  size  field
 *      0     4  magic "SMXR" (0x534D5852)
 *      4     4  version = 2 (1: no class names)
 *      8     4  K, classes (≥ 2)
 *     12     4  d, features (≥ 1)
 *     16     4  flags: bit 0 = bias, bit 1 = pivot class; other bits 0
 *     20   4·n  the parameters as IEEE-754 float32: θ (K×d row-major), then the K bias entries if bit 0
 *  20+4n        version 2 only: K class names, each a 4-byte length (0…65535) and that many UTF-8 bytes
 *   end−4    4  CRC32C of every byte before it
 * </pre>
 * with n = K·d (+ K with a bias). {@link #save} goes through {@link AtomicFiles#write}, so a failed save
 * leaves the old file intact. {@link #load} and {@link #read} reject a wrong magic, version, flags, size, class
 * name or checksum with an IOException that names the file and the field.
 */
public final class ModelFile {

    /** "SMXR". */
    public static final int MAGIC = 0x534D5852;
    /** The version this class writes; it reads this one and version 1. */
    public static final int VERSION = 2;
    private static final int HEADER_BYTES = 20;
    private static final int FLAG_BIAS = 1;
    private static final int FLAG_PIVOT = 2;
    private static final int MAX_NAME_BYTES = 65535;

    private ModelFile() {
    }

    /**
     * Saves {@code model} with the class names "0" … "K−1" (replacing the file only once the new content is
     * complete on disk).
     *
     * @param model the model to write
     * @param file the model file
     * @throws IOException if the file cannot be written; the old file is then left as it was
     */
    public static void save(SoftmaxRegression model, Path file) throws IOException {
        Objects.requireNonNull(model, "model");
        save(new SavedModel(model, SavedModel.indexNames(model.classes())), file);
    }

    /**
     * Saves a model with its class names (replacing the file only once the new content is complete on disk).
     *
     * @param saved the model and its class names (each at most 65,535 UTF-8 bytes)
     * @param file  the model file
     * @throws IOException if the file cannot be written; the old file is then left as it was
     */
    public static void save(SavedModel saved, Path file) throws IOException {
        Objects.requireNonNull(saved, "saved");
        Objects.requireNonNull(file, "file");
        SoftmaxRegression model = saved.model();
        float[] parameters = model.parameters();
        byte[][] names = new byte[model.classes()][];
        long size = HEADER_BYTES + 4L * parameters.length + 4;
        for (int k = 0; k < names.length; k++) {
            names[k] = saved.classNames().get(k).getBytes(StandardCharsets.UTF_8);
            if (names[k].length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("class name " + k + " has " + names[k].length + " UTF-8 bytes, at"
                        + " most " + MAX_NAME_BYTES + " fit a model file");
            }
            size += 4 + names[k].length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the model needs " + size + " bytes, more than one file buffer");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.BIG_ENDIAN);
        buffer.putInt(MAGIC).putInt(VERSION).putInt(model.classes()).putInt(model.features())
                .putInt((model.hasBias() ? FLAG_BIAS : 0) | (model.hasPivot() ? FLAG_PIVOT : 0));
        for (float p : parameters) {
            buffer.putFloat(p);
        }
        for (byte[] name : names) {
            buffer.putInt(name.length).put(name);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        AtomicFiles.write(file, buffer.array());
    }

    /**
     * Loads the model of a file saved by {@link #save} (either version), without its class names.
     *
     * @param file the model file
     * @return the model
     * @throws IOException if the file cannot be read or is not a valid file (the message names it)
     */
    public static SoftmaxRegression load(Path file) throws IOException {
        return read(file).model();
    }

    /**
     * Reads a model file with its class names ("0" … "K−1" for version 1).
     *
     * @param file the model file
     * @return the model and its class names
     * @throws IOException if the file cannot be read or is not a valid file (the message names it)
     */
    public static SavedModel read(Path file) throws IOException {
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
        if (version != 1 && version != VERSION) {
            throw new IOException(file + ": model file version " + version + ", this library reads versions 1 and "
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
        if (count > (buffer.capacity() - HEADER_BYTES) / 4) {
            // Checked before 4·count, which can overflow: more parameters than the file has bytes for.
            throw new IOException(file + ": " + buffer.capacity() + " bytes, but " + classes + " classes × " + features
                    + " features" + (bias ? " + bias" : "") + " need " + count + " parameters (truncated)");
        }
        // Version 2 has at least a 4-byte length per class name.
        long expected = HEADER_BYTES + 4 * count + 4 + (version == 1 ? 0 : 4L * classes);
        int capacity = buffer.capacity();
        if (version == 1 ? capacity != expected : capacity < expected) {
            throw new IOException(file + ": " + capacity + " bytes, but " + classes + " classes × " + features
                    + " features" + (bias ? " + bias" : "") + " need " + (version == 1 ? "" : "at least ")
                    + expected + (capacity < expected ? " (truncated)" : " (trailing bytes)"));
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, capacity - 4);
        int stored = buffer.getInt(capacity - 4);
        if (stored != (int) crc.getValue()) {
            throw new IOException(String.format("%s: checksum mismatch (stored 0x%08x, computed 0x%08x): the file is"
                    + " corrupt", file, stored, (int) crc.getValue()));
        }
        float[] parameters = new float[(int) count];
        buffer.position(HEADER_BYTES);
        buffer.asFloatBuffer().get(parameters);
        buffer.position(HEADER_BYTES + 4 * (int) count);
        List<String> names = version == 1 ? SavedModel.indexNames(classes) : names(file, buffer, classes);
        try {
            SoftmaxRegression.Options options = SoftmaxRegression.Options.defaults().withBias(bias)
                    .withPivot((flags & FLAG_PIVOT) != 0);
            return new SavedModel(new SoftmaxRegression(classes, features, options, parameters), names);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> names(Path file, ByteBuffer buffer, int classes) throws IOException {
        int end = buffer.capacity() - 4;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String[] names = new String[classes];
        for (int k = 0; k < classes; k++) {
            if (end - buffer.position() < 4) {
                throw new IOException(file + ": class name " + k + ": truncated (no length)");
            }
            int length = buffer.getInt();
            if (length < 0 || length > MAX_NAME_BYTES || length > end - buffer.position()) {
                throw new IOException(file + ": class name " + k + ": length " + length + " is outside [0, "
                        + Math.min(MAX_NAME_BYTES, end - buffer.position()) + "]");
            }
            ByteBuffer bytes = buffer.slice(buffer.position(), length);
            try {
                names[k] = utf8.decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(file + ": class name " + k + " is not valid UTF-8", e);
            }
            buffer.position(buffer.position() + length);
        }
        if (buffer.position() != end) {
            throw new IOException(file + ": " + (end - buffer.position()) + " trailing bytes after the class names");
        }
        return List.of(names);
    }
}
