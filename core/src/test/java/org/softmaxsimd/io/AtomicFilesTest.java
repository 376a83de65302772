package org.softmaxsimd.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AtomicFiles through its test seam: a failure at each step keeps the old file, and the steps run in order. */
class AtomicFilesTest {

    private static final class FailingSteps implements AtomicFiles.Steps {
        private final String failAt;

        FailingSteps(String failAt) {
            this.failAt = failAt;
        }

        @Override
        public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
            if (failAt.equals("write")) {
                // Half the bytes reach the temporary file, then the disk is full.
                buffer.limit(buffer.limit() / 2);
                AtomicFiles.Steps.super.write(channel, buffer);
                throw new IOException("No space left on device");
            }
            AtomicFiles.Steps.super.write(channel, buffer);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            if (failAt.equals("force")) {
                throw new IOException("fsync failed");
            }
            AtomicFiles.Steps.super.force(channel);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            if (failAt.equals("move")) {
                throw new IOException("rename failed");
            }
            AtomicFiles.Steps.super.move(from, to);
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.smx");
        ModelFile.save(CrashSafeSaveTest.model(0), file);
        byte[] old = Files.readAllBytes(file);
        byte[] replacement = new byte[old.length];
        for (String step : new String[] {"write", "force", "move"}) {
            IOException e = assertThrows(IOException.class,
                    () -> AtomicFiles.write(file, replacement, new FailingSteps(step)), step);
            assertTrue(e.getMessage().contains(step.equals("write") ? "No space" : step.equals("force") ? "fsync"
                    : "rename"), e.getMessage());
            assertArrayEquals(old, Files.readAllBytes(file), "the old file survives a failed " + step);
            List<Path> left = new ArrayList<>();
            try (var files = Files.list(dir)) {
                files.forEach(left::add);
            }
            assertEquals(List.of(file), left, "no temporary file after a failed " + step);
        }
        AtomicFiles.write(file, replacement, new FailingSteps("none"));
        assertArrayEquals(replacement, Files.readAllBytes(file), "the same steps without a failure replace it");
    }

    /** The steps run in the order that makes the write crash-safe: write, force, rename, force the folder. */
    @Test
    void theStepsRunInTheCrashSafeOrder(@TempDir Path dir) throws IOException {
        List<String> steps = new ArrayList<>();
        AtomicFiles.Steps recording = new AtomicFiles.Steps() {
            @Override
            public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
                steps.add("write");
                AtomicFiles.Steps.super.write(channel, buffer);
            }

            @Override
            public void force(FileChannel channel) throws IOException {
                steps.add("force");
                AtomicFiles.Steps.super.force(channel);
            }

            @Override
            public void move(Path from, Path to) throws IOException {
                steps.add("move");
                AtomicFiles.Steps.super.move(from, to);
            }

            @Override
            public void forceFolder(Path folder) {
                steps.add("forceFolder " + folder.getFileName());
                AtomicFiles.Steps.super.forceFolder(folder);
            }
        };
        AtomicFiles.write(dir.resolve("f"), new byte[] {1, 2, 3}, recording);
        assertEquals(List.of("write", "force", "move", "forceFolder " + dir.getFileName()), steps);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("f")));
    }
}
