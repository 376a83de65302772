package org.softmaxsimd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.softmaxsimd.io.SavedModel;
import org.softmaxsimd.train.SoftmaxRegression;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code predict}: one predicted class per line, in the order of the images. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prints the predicted class of each image of the test (or training) set, one per line.")
final class PredictCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = data.loadModel();
        SoftmaxRegression regression = saved.model();
        Examples set = data.load(saved);
        if (set.features() != regression.features()) {
            throw new IllegalArgumentException(data.input.data + ": the examples have " + set.features()
                    + " features, the model "
                    + regression.features() + " features");
        }
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder lines = new StringBuilder(set.rows() * 2);
        // The classes' names in the training data (0 … K−1 for IDX data).
        for (int label : set.predict(regression)) {
            lines.append(saved.classNames().get(label)).append('\n');
        }
        out.print(lines);
        out.flush();
        return 0;
    }
}
