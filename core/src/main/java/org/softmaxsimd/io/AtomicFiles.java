package org.softmaxsimd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file so that readers see the old content or the new, never a part: the bytes go to a
 * temporary file in the same folder, are forced to disk, the temporary file is renamed over the target
 * (atomically where the file system can), and the folder is forced so that the rename survives a crash. On
 * any failure before the rename the temporary file is removed and the target is untouched. A process killed
 * in the middle leaves the old or the new file (tested by killing a child JVM while it saves) and at worst a
 * stray {@code *.tmp} beside it.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}.
     *
     * @param file the file to replace (its folder must exist)
     * @param content the complete new content
     * @throws IOException if the file cannot be written; the old file is then left as it was
     */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, Steps.SYSTEM);
    }

    /** The file-system steps of a write; tests replace them to fail at each one. */
    interface Steps {
        /** The real file system. */
        Steps SYSTEM = new Steps() {
        };

        default void write(FileChannel channel, ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        default void force(FileChannel channel) throws IOException {
            channel.force(true);
        }

        default void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Forces the folder's entries (the rename) to disk where the platform can open a folder. */
        default void forceFolder(Path folder) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | UnsupportedOperationException e) {
                // Some platforms cannot open a folder as a channel; the rename itself was atomic.
            }
        }
    }

    static void write(Path file, byte[] content, Steps steps) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                steps.write(channel, ByteBuffer.wrap(content));
                steps.force(channel);
            }
            steps.move(temporary, absolute);
        } finally {
            Files.deleteIfExists(temporary);
        }
        steps.forceFolder(absolute.getParent());
    }
}
