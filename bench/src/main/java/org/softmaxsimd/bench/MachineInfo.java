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

    /**
     * The machine class a gate baseline belongs to: vector width, CPU vendor, family and model, JDK feature
     * release, e.g. {@code 512bit.AuthenticAMD.25-17.jdk17}. Ratios are comparable only within one class.
     */
    static String machineClass() {
        return VectorizationProvider.panamaVectorBits() + "bit." + cpuField("vendor_id").orElse("unknown") + "."
                + cpuField("cpu family").orElse("?") + "-" + cpuField("model").orElse("?") + ".jdk"
                + Runtime.version().feature();
    }

    private static Optional<String> cpuField(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith(name) && line.substring(0, line.indexOf(':')).trim().equals(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
