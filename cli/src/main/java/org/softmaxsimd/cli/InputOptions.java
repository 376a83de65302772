package org.softmaxsimd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.softmaxsimd.io.CsvFile;
import org.softmaxsimd.io.LabelledData;
import org.softmaxsimd.io.LibsvmFile;
import org.softmaxsimd.io.MnistDirectory;
import org.softmaxsimd.io.SavedModel;
import org.softmaxsimd.io.SparseLabelledData;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SparseDataset;

import picocli.CommandLine.Option;

/**
 * Where the examples come from, the options train, evaluate and predict share: an MNIST-layout folder of IDX
 * files, or a LIBSVM/svmlight or CSV file of the user's (labels of any text, mapped to classes and kept in the
 * model file).
 */
final class InputOptions {

    /** The formats the command line reads. */
    enum Format { idx, libsvm, csv }

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "the examples: an MNIST-layout folder (train-/t10k-*-idx?-ubyte[.gz]), or a LIBSVM or CSV"
                    + " file (raw or gzip)")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: idx for a folder, csv for *.csv[.gz], libsvm for any"
                    + " other file)")
    Format format;

    @Option(names = "--label-column", paramLabel = "COLUMN", defaultValue = "0",
            description = "CSV only: the label column, by header name or 0-based index (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(names = "--sparse",
            description = "LIBSVM only: keep the examples sparse (CSR; the weights are trained as W^T) instead of"
                    + " dense, for feature counts a dense matrix cannot hold")
    boolean sparse;

    /** The format given, or the one the path says. */
    Format format() {
        if (format != null) {
            return format;
        }
        if (Files.isDirectory(data)) {
            return Format.idx;
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz") ? Format.csv : Format.libsvm;
    }

    /** A training set, its test set if there is one, and the class names. */
    record Sets(Examples train, Examples test, List<String> classNames) {
    }

    /**
     * The training examples, and the test examples of the IDX folder or of {@code testFile} (null for none),
     * read with the training set's classes and features.
     */
    Sets training(Path testFile) throws IOException {
        Format f = format();
        checkSparse(f);
        if (f == Format.idx) {
            if (testFile != null) {
                throw new IllegalArgumentException("--test is for LIBSVM and CSV files; an IDX folder holds its test"
                        + " set (t10k-*)");
            }
            MnistDirectory mnist = MnistDirectory.load(data);
            int classes = Math.max(2, mnist.train().classCount());
            return new Sets(Examples.of(mnist.train()), Examples.of(mnist.test()), SavedModel.indexNames(classes));
        }
        if (sparse) {
            SparseLabelledData train = LibsvmFile.readSparse(data);
            checkClasses(train.classNames());
            SparseDataset test = testFile == null ? null
                    : LibsvmFile.readSparse(testFile, train.data().features(), train.classNames()).data();
            return new Sets(Examples.of(train.data()), Examples.of(test), train.classNames());
        }
        LabelledData train = read(data, f, 0, null);
        checkClasses(train.classNames());
        Dataset test = testFile == null ? null : read(testFile, f, train.data().features(), train.classNames()).data();
        return new Sets(Examples.of(train.data()), Examples.of(test), train.classNames());
    }

    private void checkClasses(List<String> names) {
        if (names.size() < 2) {
            throw new IllegalArgumentException(data + ": one class (" + names + "): softmax regression"
                    + " needs at least two");
        }
    }

    private void checkSparse(Format f) {
        if (sparse && f != Format.libsvm) {
            throw new IllegalArgumentException("--sparse reads LIBSVM files, not " + f);
        }
    }

    /** The examples to evaluate or predict a saved model on: one split of an IDX folder, or the whole file. */
    Examples forModel(SavedModel saved, DataOptions.Split split) throws IOException {
        Format f = format();
        checkSparse(f);
        if (sparse) {
            return Examples.of(LibsvmFile.readSparse(data, saved.model().features(), saved.classNames()).data());
        }
        if (f != Format.idx) {
            return Examples.of(read(data, f, saved.model().features(), saved.classNames()).data());
        }
        MnistDirectory mnist = MnistDirectory.load(data);
        if (split == DataOptions.Split.train) {
            return Examples.of(mnist.train());
        }
        if (mnist.test() == null) {
            throw new IOException(data + ": no t10k-images-idx3-ubyte[.gz] / t10k-labels-idx1-ubyte[.gz] test files"
                    + " (use --split train)");
        }
        return Examples.of(mnist.test());
    }

    private LabelledData read(Path file, Format f, int features, List<String> classNames) throws IOException {
        if (f == Format.csv) {
            CsvFile.Options options = CsvFile.Options.defaults().withLabelColumn(labelColumn);
            LabelledData read = CsvFile.read(file, options, classNames);
            if (features > 0 && read.data().features() != features) {
                throw new IOException(file + ": " + read.data().features() + " feature columns, the model has "
                        + features);
            }
            return read;
        }
        return classNames == null ? LibsvmFile.read(file) : LibsvmFile.read(file, features, classNames);
    }
}
