package org.softmaxsimd.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.softmaxsimd.io.SavedModel;
import org.softmaxsimd.train.SoftmaxRegression;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code evaluate}: accuracy, mean cross-entropy and the confusion matrix of a saved model on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, loss and confusion matrix of a saved model on the test (or training) set.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SavedModel saved = data.loadModel();
        SoftmaxRegression regression = saved.model();
        Examples set = data.load(saved);
        set.checkLabels(regression.classes());
        int k = regression.classes();
        int[] predicted = set.predict(regression);
        long[][] confusion = new long[k][k];
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            confusion[set.labels()[i]][predicted[i]]++;
            if (predicted[i] == set.labels()[i]) {
                correct++;
            }
        }
        double loss = set.objective(regression, 0.0);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("examples  %d (%s)%n", set.rows(), data.input.format() == InputOptions.Format.idx
                ? data.split + " set of " + data.input.data : data.input.data);
        if (!saved.classNames().equals(SavedModel.indexNames(k))) {
            StringBuilder legend = new StringBuilder("classes  ");
            for (int c = 0; c < k; c++) {
                legend.append(' ').append(c).append('=').append(saved.classNames().get(c));
            }
            out.println(legend);
        }
        out.printf("accuracy  %.4f (%d correct)%n", (double) correct / set.rows(), correct);
        out.printf("loss      %.6f (mean cross-entropy, no penalty)%n", loss);
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        StringBuilder header = new StringBuilder("     ");
        for (int c = 0; c < k; c++) {
            header.append(String.format(" %6d", c));
        }
        out.println(header);
        for (int r = 0; r < k; r++) {
            StringBuilder line = new StringBuilder(String.format("%4d ", r));
            for (int c = 0; c < k; c++) {
                line.append(String.format(" %6d", confusion[r][c]));
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
