package org.softmaxsimd.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.softmaxsimd.io.AtomicFiles;
import org.softmaxsimd.io.ModelFile;
import org.softmaxsimd.io.SavedModel;
import org.softmaxsimd.train.Lbfgs;
import org.softmaxsimd.train.Sgd;
import org.softmaxsimd.train.SoftmaxRegression;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code train}: fits softmax regression to the training set of an MNIST-layout folder, or of a LIBSVM or CSV
 * file, with L-BFGS or mini-batch SGD, prints progress and a summary, saves the model, and optionally writes the summary as JSON.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains softmax regression: J = -(1/m) sum log p(y|x) + (lambda/2)||theta||^2 (bias not"
                + " penalised).")
final class TrainCommand implements Callable<Integer> {

    /** The optimizers on offer. */
    enum Optimizer { lbfgs, sgd }

    @CommandLine.Mixin
    InputOptions input;

    @Option(names = "--test", paramLabel = "FILE",
            description = "LIBSVM or CSV: a test file, in the format of --data (an IDX folder holds its own)")
    Path test;

    @Option(names = "--lambda", defaultValue = "1e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--optimizer", defaultValue = "lbfgs",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Optimizer optimizer;

    @Option(names = "--max-iterations", defaultValue = "2000", description = "L-BFGS iterations at most (default:"
            + " ${DEFAULT-VALUE})")
    int maxIterations;

    @Option(names = "--memory", defaultValue = "10", description = "L-BFGS curvature pairs kept (default:"
            + " ${DEFAULT-VALUE})")
    int memory;

    @Option(names = "--epochs", defaultValue = "10", description = "SGD epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "SGD batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.5", description = "SGD base rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE})")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum for SGD")
    boolean nesterov;

    @Option(names = "--threads", description = "threads for L-BFGS's objective (default: the number of cores)")
    Integer threads;

    @Option(names = "--bias", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "learn a bias per class (default: on; --no-bias turns it off)")
    boolean bias;

    @Option(names = "--pivot", description = "pin the last class at 0 (the K-1 parameterisation)")
    boolean pivot;

    @Option(names = "--seed", defaultValue = "1", description = "SGD shuffle seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model-out", required = true, paramLabel = "FILE", description = "where to save the model")
    Path modelOut;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "also write the summary as JSON here")
    Path summaryJson;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        checkArguments(workers);
        PrintWriter out = spec.commandLine().getOut();
        InputOptions.Sets sets = input.training(test);
        int classes = sets.classNames().size();
        SoftmaxRegression model = new SoftmaxRegression(classes, sets.train().features(),
                SoftmaxRegression.Options.defaults().withBias(bias).withPivot(pivot));
        out.printf(Locale.ROOT, "training %s on %d %sexamples x %d features, %d classes, lambda %s, bias %s%s%n",
                optimizer, sets.train().rows(), input.sparse ? "sparse " : "", model.features(), classes, lambda,
                bias ? "on" : "off", pivot ? ", pivot class " + (classes - 1) : "");
        ProgressPrinter printer = new ProgressPrinter(out, optimizer == Optimizer.lbfgs ? "iteration" : "epoch");
        long start = System.nanoTime();
        int iterations;
        double objective;
        String stop;
        long examples;
        if (optimizer == Optimizer.lbfgs) {
            Lbfgs.Options defaults = Lbfgs.Options.defaults();
            Lbfgs.Options options = new Lbfgs.Options(memory, maxIterations, defaults.gradientTolerance(),
                    defaults.relativeDecrease(), defaults.maxLineSearchEvaluations());
            Lbfgs.Result result = sets.train().fitLbfgs(model, lambda, workers, new Lbfgs(options), printer);
            iterations = result.iterations();
            objective = result.value();
            stop = result.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            examples = result.evaluations() * sets.train().rows();
        } else {
            Sgd.Options options = new Sgd.Options(epochs, batchSize, learningRate, momentum, nesterov,
                    Sgd.Schedule.constant(), seed);
            sets.train().fitSgd(model, lambda, new Sgd(options), printer);
            iterations = epochs;
            objective = sets.train().objective(model, lambda);
            stop = "after " + epochs + " epochs";
            examples = (long) epochs * sets.train().rows();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        ModelFile.save(new SavedModel(model, sets.classNames()), modelOut);
        double trainAccuracy = sets.train().accuracy(model);
        double testAccuracy = sets.test() == null ? Double.NaN : sets.test().accuracy(model);
        double examplesPerSecond = examples / seconds;
        out.printf(Locale.ROOT, "stopped: %s%n", stop);
        out.printf(Locale.ROOT, "objective J      %.10f%n", objective);
        out.printf(Locale.ROOT, "train accuracy   %.4f%n", trainAccuracy);
        out.printf(Locale.ROOT, "test accuracy    %s%n", sets.test() == null ? "(no test set)"
                : String.format(Locale.ROOT, "%.4f", testAccuracy));
        out.printf(Locale.ROOT, "%s       %d in %.2f s (%.0f examples/s)%n",
                optimizer == Optimizer.lbfgs ? "iterations" : "epochs    ", iterations, seconds, examplesPerSecond);
        out.printf("model saved to   %s%n", modelOut);
        if (summaryJson != null) {
            String json = String.format(Locale.ROOT, "{\"objective\": %s, \"trainAccuracy\": %s, \"testAccuracy\": %s,"
                            + " \"iterations\": %d, \"seconds\": %s, \"examplesPerSecond\": %s}%n", number(objective),
                    number(trainAccuracy), number(testAccuracy), iterations, number(seconds),
                    number(examplesPerSecond));
            AtomicFiles.write(summaryJson, json.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return 0;
    }

    private void checkArguments(int workers) {
        CommandLine command = spec.commandLine();
        if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new CommandLine.ParameterException(command, "--lambda must be finite and >= 0, but was " + lambda);
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(command, "--threads must be >= 1, but was " + workers);
        }
        if (memory < 1) {
            throw new CommandLine.ParameterException(command, "--memory must be >= 1, but was " + memory);
        }
        if (maxIterations < 1) {
            throw new CommandLine.ParameterException(command, "--max-iterations must be >= 1, but was "
                    + maxIterations);
        }
        try {
            new Sgd.Options(epochs, batchSize, learningRate, momentum, nesterov, Sgd.Schedule.constant(), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
    }

    /** A JSON number, or null for NaN/∞ (which JSON cannot hold). */
    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }
}
