package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.softmaxsimd.internal.vectorization.VectorizationProvider;

/** One line about the machine for report headers: CPU model, cores, Vector API width. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String describe() {
        return cpuModel().orElse(System.getProperty("os.arch")) + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Vector API " + VectorizationProvider.panamaVectorBits() + "-bit";
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
