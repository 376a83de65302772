package org.softmaxsimd.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.softmaxsimd.io.ModelFile;
import org.softmaxsimd.io.SavedModel;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A saved model and the examples it is applied to: the options of evaluate and predict. */
final class DataOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by train")
    Path model;

    @Mixin
    InputOptions input;

    /** The two sets of an MNIST-layout folder. */
    enum Split { train, test }

    @Option(names = "--split", paramLabel = "SET", defaultValue = "test",
            description = "IDX folders only: which set to use, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Split split;

    /** Loads the model with its class names; a missing or corrupt file is an IOException naming it. */
    SavedModel loadModel() throws IOException {
        return ModelFile.read(model);
    }

    /** Reads the examples, with the model's classes and features for LIBSVM and CSV files. */
    Examples load(SavedModel saved) throws IOException {
        return input.forModel(saved, split);
    }
}
