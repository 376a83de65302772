package org.softmaxsimd.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reader of the MNIST IDX format: a 32-bit big-endian magic ({@value #IMAGES_MAGIC} for unsigned-byte images
 * of rank 3, {@value #LABELS_MAGIC} for unsigned-byte labels of rank 1), the dimensions as 32-bit big-endian
 * integers, then the bytes. Files may be raw or gzip-compressed; gzip is recognised by its content (the
 * bytes 1f 8b), not by the file name.
 *
 * <p>Every read is all or nothing: a wrong magic, a non-positive dimension, dimensions whose product exceeds
 * 2 GiB or the free heap, a payload shorter or longer than the dimensions say, or a broken gzip stream gives an
 * {@link IOException} that names the file and what is wrong, and no partial data. The file is streamed: a
 * gzip stream is decompressed only as far as the header promises (plus one byte to detect trailing data), and
 * nothing is allocated for the payload before its size has been checked against the heap. Thread-safe (no
 * state).
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
        try (InputStream in = InputFiles.open(file)) {
            int[] dims = header(file, in, IMAGES_MAGIC, 3);
            long pixels = (long) dims[1] * dims[2];
            // Checked before the product with the count, which could overflow a long otherwise.
            long payload = pixels > MAX_PAYLOAD ? pixels : pixels * dims[0];
            // The features take 4 bytes per pixel beside the payload's one.
            byte[] bytes = payload(file, in, payload, 5);
            float[] features = new float[bytes.length];
            for (int i = 0; i < features.length; i++) {
                features[i] = (bytes[i] & 0xFF) / 255f;
            }
            return new IdxImages(dims[0], dims[1], dims[2], features);
        }
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
        try (InputStream in = InputFiles.open(file)) {
            int[] dims = header(file, in, LABELS_MAGIC, 1);
            byte[] bytes = payload(file, in, dims[0], 5);
            int[] labels = new int[bytes.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    private static int[] header(Path file, InputStream in, int magic, int rank) throws IOException {
        int headerBytes = 4 + 4 * rank;
        byte[] header = new byte[headerBytes];
        int read = readFully(file, in, header);
        if (read < 4) {
            throw new IOException(file + ": truncated header (" + read + " bytes, need " + headerBytes + ")");
        }
        ByteBuffer data = ByteBuffer.wrap(header);
        int found = data.getInt();
        if (found != magic) {
            throw new IOException(String.format("%s: wrong magic 0x%08x, expected 0x%08x (%s)", file, found, magic,
                    magic == IMAGES_MAGIC ? "IDX images, 2051" : "IDX labels, 2049"));
        }
        if (read < headerBytes) {
            throw new IOException(file + ": truncated header (" + read + " bytes, need " + headerBytes + ")");
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

    /**
     * Reads exactly the {@code expected} payload bytes the header promised, and one more to detect trailing
     * bytes: a gzip stream is never decompressed past what the header promises. The caller holds
     * {@code heapPerByte} bytes of heap per payload byte at once, checked against the free heap before anything
     * is allocated.
     */
    private static byte[] payload(Path file, InputStream in, long expected, int heapPerByte) throws IOException {
        if (expected > MAX_PAYLOAD) {
            throw new IOException(file + ": the dimensions promise " + expected + " bytes of payload, more than"
                    + " this reader takes (" + MAX_PAYLOAD + ")");
        }
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long heapBytes = expected * heapPerByte;
        if (heapBytes > available) {
            throw new IOException(file + ": the dimensions promise " + expected + " bytes of payload, which needs "
                    + (heapBytes >> 20) + " MB of heap; " + (available >> 20) + " MB are free (raise -Xmx)");
        }
        byte[] bytes = new byte[(int) expected];
        int read = readFully(file, in, bytes);
        if (read < expected) {
            throw new IOException(file + ": payload is " + read + " bytes, the header says " + expected
                    + " (truncated file)");
        }
        if (in.read() >= 0) {
            throw new IOException(file + ": the payload is longer than the " + expected + " bytes the header says"
                    + " (trailing bytes)");
        }
        return bytes;
    }

    /** Reads until {@code into} is full or the stream ends; returns the bytes read. */
    private static int readFully(Path file, InputStream in, byte[] into) throws IOException {
        int done = 0;
        try {
            while (done < into.length) {
                int n = in.read(into, done, into.length - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
        return done;
    }
}
