package org.softmaxsimd.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.train.Dataset;
import org.softmaxsimd.train.SparseDataset;

/**
 * Reader of LIBSVM / svmlight text files, the classic format of linear classifiers (LIBLINEAR, scikit-learn's
 * {@code load_svmlight_file}, Spark's {@code libsvm} source): one example per line,
 * {@code label index:value index:value … # comment}, indices 1-based and strictly increasing, absent indices 0,
 * an optional {@code qid:N} (read and ignored). Blank lines and {@code #} comments are skipped; {@code \n} and
 * {@code \r\n} line ends and a missing final newline are accepted; the file may be gzip-compressed (told by its
 * content).
 *
 * <p>The file is streamed once into packed arrays (no list of lines) and returned dense ({@link #read}) or in
 * CSR form ({@link #readSparse}, for millions of features), d = the largest index (or the {@code features}
 * given, e.g. a training set's, for a test file). Every read is all or nothing: a
 * malformed token, index 0, an index not above the previous one, an index above {@code features} or 2^31 − 1,
 * a value that is NaN, infinite or outside the float range, or an unknown label (with given classes) is an
 * {@link IOException} {@code file:line:column: what}. Labels are any strings (integers, or names); see
 * {@link LabelledData#classNames()}. Thread-safe (no state).
 */
public final class LibsvmFile {

    private LibsvmFile() {
    }

    /**
     * Reads every example; d is the largest feature index of the file and the classes are its labels.
     *
     * @param file the LIBSVM file, raw or gzip
     * @return the examples and the class names
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static LabelledData read(Path file) throws IOException {
        return read(file, 0, null);
    }

    /**
     * Reads every example with {@code features} features and the classes {@code classNames} (e.g. those of the
     * training set, for its test set).
     *
     * @param file       the LIBSVM file, raw or gzip
     * @param features   d ≥ 1: an index above it is an error
     * @param classNames the classes in class order; a label outside them is an error
     * @return the examples and the class names (the ones given)
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static LabelledData read(Path file, int features, List<String> classNames) throws IOException {
        Parsed parsed = parse(file, features, classNames);
        Packed packed = parsed.packed;
        int d = parsed.features;
        long size = (long) packed.rows * d;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + packed.rows + " examples × " + d + " features = " + size
                    + " values do not fit one dense array (read it sparse: readSparse)");
        }
        InputFiles.checkHeap(file, 4 * size, "the dense form of " + packed.rows + " examples × " + d + " features");
        float[] x = new float[(int) size];
        for (int r = 0; r < packed.rows; r++) {
            for (int k = packed.rowStart[r]; k < packed.rowStart[r + 1]; k++) {
                x[r * d + packed.index[k] - 1] = packed.value[k];
            }
        }
        return new LabelledData(new Dataset(x, parsed.labels, d), parsed.names);
    }

    /**
     * Reads every example into CSR form, without a dense matrix (for feature counts a dense array cannot hold);
     * d is the largest feature index of the file and the classes are its labels.
     *
     * @param file the LIBSVM file, raw or gzip
     * @return the examples (indices 0-based, values as written, explicit zeros kept) and the class names
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static SparseLabelledData readSparse(Path file) throws IOException {
        return readSparse(file, 0, null);
    }

    /**
     * {@link #readSparse(Path)} with {@code features} features and the classes {@code classNames} (e.g. those
     * of the training set, for its test set).
     *
     * @param file       the LIBSVM file, raw or gzip
     * @param features   d ≥ 1: an index above it is an error
     * @param classNames the classes in class order; a label outside them is an error
     * @return the examples in CSR form and the class names (the ones given)
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static SparseLabelledData readSparse(Path file, int features, List<String> classNames) throws IOException {
        Parsed parsed = parse(file, features, classNames);
        Packed packed = parsed.packed;
        int[] rowStart = Arrays.copyOf(packed.rowStart, packed.rows + 1);
        int[] index = new int[packed.count];
        for (int k = 0; k < index.length; k++) {
            index[k] = packed.index[k] - 1;
        }
        float[] value = Arrays.copyOf(packed.value, packed.count);
        return new SparseLabelledData(new SparseDataset(rowStart, index, value, parsed.labels, parsed.features),
                parsed.names);
    }

    /** The file streamed into packed arrays, with its feature count, labels and class names. */
    private record Parsed(Packed packed, int features, int[] labels, List<String> names) {
    }

    private static Parsed parse(Path file, int features, List<String> classNames) throws IOException {
        Checks.notNull("file", file);
        if (classNames != null) {
            Checks.atLeast("features", features, 1);
        }
        ClassNames classes = classNames == null ? ClassNames.fromData() : ClassNames.given(classNames);
        Packed packed = new Packed();
        try (BufferedReader in = InputFiles.text(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                parseLine(file, number, line, features, classes, packed);
            }
        }
        if (packed.rows == 0) {
            throw new IOException(file + ": no examples (only blank lines and comments)");
        }
        int d = features > 0 ? features : packed.maxIndex;
        if (d < 1) {
            throw new IOException(file + ": no feature in any example, so the feature count is unknown");
        }
        int[] labels = Arrays.copyOf(packed.labels, packed.rows);
        List<String> names = classes.finish(labels, labels.length, classNames);
        return new Parsed(packed, d, labels, names);
    }

    private static void parseLine(Path file, long number, String line, int features, ClassNames classes,
                                  Packed packed) throws IOException {
        int end = line.indexOf('#');
        if (end < 0) {
            end = line.length();
        }
        int i = skipSpace(line, 0, end);
        if (i == end) {
            return;
        }
        int tokenEnd = tokenEnd(line, i, end);
        String label = line.substring(i, tokenEnd);
        int id = classes.id(label);
        if (id < 0) {
            throw error(file, number, i, "label '" + label + "' is not one of the training classes");
        }
        long previous = 0;
        int start = packed.count;
        for (i = skipSpace(line, tokenEnd, end); i < end; i = skipSpace(line, tokenEnd, end)) {
            tokenEnd = tokenEnd(line, i, end);
            int colon = line.indexOf(':', i);
            if (colon < 0 || colon >= tokenEnd) {
                throw error(file, number, i, "'" + line.substring(i, tokenEnd) + "' is not index:value");
            }
            String key = line.substring(i, colon);
            String text = line.substring(colon + 1, tokenEnd);
            if (key.equals("qid")) {
                if (previous > 0) {
                    throw error(file, number, i, "qid must come before the features");
                }
                parseLong(file, number, colon + 1, text, "qid");
                continue;
            }
            long index = parseLong(file, number, i, key, "index");
            if (index < 1) {
                throw error(file, number, i, "index " + index + " (indices are 1-based)");
            }
            if (index <= previous) {
                throw error(file, number, i, "index " + index + " after " + previous
                        + " (indices must be strictly increasing)");
            }
            if (index > Integer.MAX_VALUE - 8 || (features > 0 && index > features)) {
                throw error(file, number, i, "index " + index + " is above the " + (features > 0 ? features
                        : Integer.MAX_VALUE - 8) + " features");
            }
            float value = parseValue(file, number, colon + 1, text);
            previous = index;
            packed.add(file, (int) index, value);
        }
        packed.endRow(file, id, start);
    }

    private static long parseLong(Path file, long number, int column, String text, String what) throws IOException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(file, number, column, what + " '" + text + "' is not an integer");
        }
    }

    static float parseValue(Path file, long number, int column, String text) throws IOException {
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw error(file, number, column, "'" + text + "' is not a number");
        }
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            boolean overflow = !text.contains("N") && !text.contains("n") && !text.contains("I")
                    && !text.contains("i");
            throw error(file, number, column, "'" + text + "' " + (overflow ? "is outside the float range"
                    : "is not finite"));
        }
        return value;
    }

    static IOException error(Path file, long line, int index, String what) {
        return new IOException(file + ":" + line + ":" + (index + 1) + ": " + what);
    }

    private static int skipSpace(String line, int i, int end) {
        while (i < end && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String line, int i, int end) {
        while (i < end && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Growable CSR arrays: the packed form a file is streamed into. */
    private static final class Packed {
        int rows;
        int count;
        int maxIndex;
        int[] rowStart = new int[1025];
        int[] labels = new int[1024];
        int[] index = new int[4096];
        float[] value = new float[4096];

        void add(Path file, int i, float v) throws IOException {
            if (count == index.length) {
                int grown = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * index.length);
                if (grown == count) {
                    throw new IOException(file + ": more than " + count + " non-zero values");
                }
                InputFiles.checkHeap(file, 8L * grown, "the packed form of " + count + "+ non-zero values");
                index = Arrays.copyOf(index, grown);
                value = Arrays.copyOf(value, grown);
            }
            index[count] = i;
            value[count] = v;
            count++;
            maxIndex = Math.max(maxIndex, i);
        }

        void endRow(Path file, int label, int start) throws IOException {
            if (rows == labels.length) {
                InputFiles.checkHeap(file, 12L * labels.length, "the labels of " + rows + "+ examples");
                labels = Arrays.copyOf(labels, 2 * labels.length);
                rowStart = Arrays.copyOf(rowStart, 2 * labels.length + 1);
            }
            labels[rows] = label;
            rowStart[rows] = start;
            rows++;
            rowStart[rows] = count;
        }
    }
}
