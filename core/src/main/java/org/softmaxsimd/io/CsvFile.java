package org.softmaxsimd.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.softmaxsimd.internal.Checks;
import org.softmaxsimd.train.Dataset;

/**
 * Reader of CSV files of labelled examples: one example per line, one column the label (any text, chosen by
 * its header name or its 0-based index), every other column a number. A first line whose feature columns are
 * not all numbers is a header (or say so with {@link Options#withHeader}). Fields are separated by the
 * delimiter (',' by default) and may be double-quoted ({@code "a,b"}, {@code ""} for a quote); blank lines are
 * skipped; {@code \n} and {@code \r\n} and a missing final newline are accepted; gzip is told by content.
 *
 * <p>Streamed once into a packed float array. All or nothing: a row with another number of fields than the
 * first, a feature that is not a number or is NaN, infinite or outside the float range, an unknown label (with
 * given classes) or an unknown label column is an {@link IOException} {@code file:line:column: what}.
 * Thread-safe (no state).
 */
public final class CsvFile {

    private CsvFile() {
    }

    /** Whether the first line is a header. */
    public enum Header {
        /** A header when a feature column of the first line is not a number. */
        AUTO,
        /** The first line is a header. */
        PRESENT,
        /** Every line is an example. */
        ABSENT
    }

    /** Which column is the label, the header policy and the delimiter; immutable, start from {@link #defaults()}. */
    public static final class Options {
        private final String labelColumn;
        private final Header header;
        private final char delimiter;

        private Options(String labelColumn, Header header, char delimiter) {
            this.labelColumn = labelColumn;
            this.header = header;
            this.delimiter = delimiter;
        }

        /** @return the label in column 0, header detected, comma-separated */
        public static Options defaults() {
            return new Options("0", Header.AUTO, ',');
        }

        /**
         * @param column the label column: a header name, or a 0-based index (a name that is all digits is taken
         *               as an index)
         * @return the new options
         */
        public Options withLabelColumn(String column) {
            return new Options(Checks.notNull("column", column), header, delimiter);
        }

        /**
         * @param policy whether the first line is a header
         * @return the new options
         */
        public Options withHeader(Header policy) {
            return new Options(labelColumn, Checks.notNull("policy", policy), delimiter);
        }

        /**
         * @param separator the field delimiter (not a quote, a line end or a digit)
         * @return the new options
         */
        public Options withDelimiter(char separator) {
            if (separator == '"' || separator == '\n' || separator == '\r' || Character.isDigit(separator)) {
                throw new IllegalArgumentException("delimiter must not be a quote, a line end or a digit, but was '"
                        + separator + "'");
            }
            return new Options(labelColumn, header, separator);
        }
    }

    /**
     * Reads every example; the classes are the labels of the file.
     *
     * @param file    the CSV file, raw or gzip
     * @param options the label column, header policy and delimiter
     * @return the examples and the class names
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static LabelledData read(Path file, Options options) throws IOException {
        return read(file, options, null);
    }

    /**
     * Reads every example with the classes {@code classNames} (e.g. those of the training set).
     *
     * @param file       the CSV file, raw or gzip
     * @param options    the label column, header policy and delimiter
     * @param classNames the classes in class order, or null to take them from the file
     * @return the examples and the class names
     * @throws IOException if the file cannot be read or is malformed (the message names the file, line and column)
     */
    public static LabelledData read(Path file, Options options, List<String> classNames) throws IOException {
        Checks.notNull("file", file);
        Checks.notNull("options", options);
        ClassNames classes = classNames == null ? ClassNames.fromData() : ClassNames.given(classNames);
        float[] x = new float[4096];
        int[] labels = new int[256];
        int rows = 0;
        int columns = -1;
        int labelColumn = -1;
        try (BufferedReader in = InputFiles.text(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                List<Integer> starts = new ArrayList<>();
                split(file, number, line, options.delimiter, fields, starts);
                if (columns < 0) {
                    columns = fields.size();
                    if (columns < 2) {
                        throw LibsvmFile.error(file, number, 0, "one field: a label and at least one feature are"
                                + " needed (delimiter '" + options.delimiter + "')");
                    }
                    labelColumn = labelColumn(file, number, options.labelColumn, fields);
                    if (isHeader(options.header, fields, labelColumn)) {
                        continue;
                    }
                }
                if (fields.size() != columns) {
                    throw LibsvmFile.error(file, number, 0, fields.size() + " fields where the first line has "
                            + columns);
                }
                int d = columns - 1;
                if ((long) (rows + 1) * d > Integer.MAX_VALUE - 8) {
                    throw LibsvmFile.error(file, number, 0, "more values than one dense array holds");
                }
                if ((rows + 1) * d > x.length) {
                    int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(2L * x.length, (long) (rows + 1) * d));
                    InputFiles.checkHeap(file, 4L * grown, "the values of " + rows + "+ examples × " + d + " features");
                    x = Arrays.copyOf(x, grown);
                }
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, 2 * labels.length);
                }
                int j = 0;
                for (int c = 0; c < columns; c++) {
                    if (c == labelColumn) {
                        int id = classes.id(fields.get(c));
                        if (id < 0) {
                            throw LibsvmFile.error(file, number, starts.get(c), "label '" + fields.get(c)
                                    + "' is not one of the training classes");
                        }
                        labels[rows] = id;
                    } else {
                        x[rows * d + j++] = LibsvmFile.parseValue(file, number, starts.get(c), fields.get(c).trim());
                    }
                }
                rows++;
            }
        }
        if (rows == 0) {
            throw new IOException(file + ": no examples");
        }
        int d = columns - 1;
        int[] y = Arrays.copyOf(labels, rows);
        List<String> names = classes.finish(y, rows, classNames);
        return new LabelledData(new Dataset(Arrays.copyOf(x, rows * d), y, d), names);
    }

    private static int labelColumn(Path file, long number, String column, List<String> fields) throws IOException {
        if (!column.isEmpty() && column.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(column);
            if (index >= fields.size()) {
                throw LibsvmFile.error(file, number, 0, "label column " + index + " but the line has "
                        + fields.size() + " fields");
            }
            return index;
        }
        int index = fields.stream().map(String::trim).toList().indexOf(column);
        if (index < 0) {
            throw LibsvmFile.error(file, number, 0, "no column named '" + column + "' in the header " + fields);
        }
        return index;
    }

    private static boolean isHeader(Header policy, List<String> fields, int labelColumn) {
        if (policy != Header.AUTO) {
            return policy == Header.PRESENT;
        }
        for (int c = 0; c < fields.size(); c++) {
            if (c != labelColumn) {
                try {
                    Float.parseFloat(fields.get(c).trim());
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Splits one line into fields (quotes removed) and their 0-based start columns. */
    private static void split(Path file, long number, String line, char delimiter, List<String> fields,
                              List<Integer> starts) throws IOException {
        int i = 0;
        int n = line.length();
        while (true) {
            starts.add(i);
            StringBuilder field = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= n) {
                        throw LibsvmFile.error(file, number, open, "unclosed quote");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw LibsvmFile.error(file, number, i, "text after a closing quote");
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return;
            }
            i++;
        }
    }
}
