package org.softmaxsimd.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening the files of the readers: raw or gzip, told apart by the content (the bytes 1f 8b), not the name. */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * Throws an IOException naming the file unless {@code bytes} more bytes fit in half the free heap (the other
     * half is for training on the data): the text readers check before they allocate what a file's content asks
     * for, so a hostile or huge file is an error, not an {@code OutOfMemoryError}.
     */
    static void checkHeap(Path file, long bytes, String what) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes < 0 || bytes > available / 2) {
            throw new IOException(file + ": " + what + " needs " + (bytes >> 20) + " MB of heap, more than half of"
                    + " the " + (available >> 20) + " MB free (raise -Xmx)");
        }
    }

    /** The file as UTF-8 text, through a gzip decoder when it starts with the gzip magic. */
    static BufferedReader text(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /** The file's bytes, through a gzip decoder when it starts with the gzip magic. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return raw;
        }
        try {
            return new BufferedInputStream(new NamedGzipErrors(file, new GZIPInputStream(raw, 1 << 16)), 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new IOException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** Rethrows a broken gzip stream's errors, which come while reading, as IOExceptions naming the file. */
    private static final class NamedGzipErrors extends FilterInputStream {
        private final Path file;

        NamedGzipErrors(Path file, InputStream in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        private IOException corrupt(IOException e) {
            return new IOException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }
}
