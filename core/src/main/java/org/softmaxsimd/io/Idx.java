package org.softmaxsimd.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the MNIST IDX format: a 32-bit big-endian magic ({@value #IMAGES_MAGIC} for unsigned-byte images
 * of rank 3, {@value #LABELS_MAGIC} for unsigned-byte labels of rank 1), the dimensions as 32-bit big-endian
 * integers, then the bytes. Files may be raw or gzip-compressed; gzip is recognised by its content (the
 * bytes 1f 8b), not by the file name.
 *
 * <p>Every read is all or nothing: a wrong magic, a non-positive dimension, a payload shorter or longer than
 * the dimensions say, or a broken gzip stream gives an {@link IOException} that names the file and what is
 * wrong, and no partial data. Thread-safe (no state).
 */
public final class Idx {

    /** Magic of an images file: unsigned bytes (0x08), rank 3. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a labels file: unsigned bytes (0x08), rank 1. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** A guard against absurd dimensions in a corrupt header: 2 GiB of payload at most. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private Idx() {
    }

    /**
     * Images of an IDX file with magic 2051: {@code count × rows × cols} unsigned bytes, returned as
     * features scaled to [0, 1] ({@code byte / 255f}), one image per row of {@code rows·cols} floats.
     *
     * @param file the IDX file, raw or gzip
     * @return the images, pixels scaled to [0, 1]
     * @throws IOException when the file cannot be read or is not a well-formed images file; the message names
     *                     the file
     */
    public static IdxImages readImages(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(readMaybeGzip(file));
        int[] dims = header(file, data, IMAGES_MAGIC, 3);
        int pixels = Math.multiplyExact(dims[1], dims[2]);
        checkPayload(file, data, (long) dims[0] * pixels);
        float[] features = new float[dims[0] * pixels];
        int start = data.position();
        byte[] bytes = data.array();
        for (int i = 0; i < features.length; i++) {
            features[i] = (bytes[start + i] & 0xFF) / 255f;
        }
        return new IdxImages(dims[0], dims[1], dims[2], features);
    }

    /**
     * Labels of an IDX file with magic 2049: {@code count} unsigned bytes.
     *
     * @param file the IDX file, raw or gzip
     * @return the labels
     * @throws IOException when the file cannot be read or is not a well-formed labels file; the message names
     *                     the file
     */
    public static int[] readLabels(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(readMaybeGzip(file));
        int[] dims = header(file, data, LABELS_MAGIC, 1);
        checkPayload(file, data, dims[0]);
        int[] labels = new int[dims[0]];
        int start = data.position();
        byte[] bytes = data.array();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = bytes[start + i] & 0xFF;
        }
        return labels;
    }

    private static int[] header(Path file, ByteBuffer data, int magic, int rank) throws IOException {
        int headerBytes = 4 + 4 * rank;
        if (data.remaining() < 4) {
            throw new IOException(file + ": truncated header (" + data.remaining() + " bytes, need " + headerBytes + ")");
        }
        int found = data.getInt();
        if (found != magic) {
            throw new IOException(String.format("%s: wrong magic 0x%08x, expected 0x%08x (%s)", file, found, magic,
                    magic == IMAGES_MAGIC ? "IDX images, 2051" : "IDX labels, 2049"));
        }
        if (data.remaining() < 4 * rank) {
            throw new IOException(file + ": truncated header (" + (data.remaining() + 4) + " bytes, need "
                    + headerBytes + ")");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = data.getInt();
            if (dims[i] <= 0) {
                throw new IOException(file + ": dimension " + i + " is " + dims[i] + ", must be > 0");
            }
        }
        return dims;
    }

    private static void checkPayload(Path file, ByteBuffer data, long expected) throws IOException {
        if (expected > MAX_PAYLOAD) {
            throw new IOException(file + ": dimensions promise " + expected + " bytes, more than this reader takes");
        }
        if (data.remaining() != expected) {
            throw new IOException(file + ": payload is " + data.remaining() + " bytes, the header says " + expected
                    + (data.remaining() < expected ? " (truncated file)" : " (trailing bytes)"));
        }
    }

    private static byte[] readMaybeGzip(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1f || (raw[1] & 0xFF) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }
}
