package org.softmaxsimd.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.io.ModelFile;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SoftmaxRegression;

import picocli.CommandLine.Option;

/** A saved model and the data set it is applied to: the options of evaluate and predict. */
final class DataOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by train")
    Path model;

    /** The two sets of an MNIST-layout folder. */
    enum Split { train, test }

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "folder with train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz] and t10k-* files")
    Path data;

    @Option(names = "--split", paramLabel = "SET", defaultValue = "test",
            description = "which set to use: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Split split;

    /** Loads the model; a missing or corrupt file is an IOException naming it. */
    SoftmaxRegression loadModel() throws IOException {
        return ModelFile.load(model);
    }

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
