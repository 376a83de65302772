package org.softmaxsimd.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.train.Dataset;

import picocli.CommandLine.Option;

/** The data folder and which of its sets a command reads (shared by evaluate and predict). */
final class DataOptions {

    /** The two sets of an MNIST-layout folder. */
    enum Split { train, test }

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz] and t10k-* files")
    Path data;

    @Option(names = "--split", paramLabel = "SET", defaultValue = "test",
            description = "which set to use: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Split split;

    /** Reads the chosen set; the test set must exist when it is chosen. */
    Dataset load() throws IOException {
        MnistDirectory directory = MnistDirectory.load(data);
        if (split == Split.train) {
            return directory.train();
        }
        if (directory.test() == null) {
            throw new IOException(data + ": no t10k-images-idx3-ubyte[.gz] / t10k-labels-idx1-ubyte[.gz] test files"
                    + " (use --split train)");
        }
        return directory.test();
    }
}
