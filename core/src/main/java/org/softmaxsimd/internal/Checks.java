package org.softmaxsimd.internal;

/**
 * The argument checks of every public entry point of the library, in one place (netlib's {@code AbstractBLAS}
 * style: the facades check once, then call unchecked kernels). Every check runs before any output is written,
 * and every message names the argument and the bound it broke:
 * <ul>
 *   <li>a null required array or object: {@link NullPointerException} "{@code name} must not be null";</li>
 *   <li>a negative or overflowing shape, a value outside its domain, a forbidden overlap:
 *       {@link IllegalArgumentException};</li>
 *   <li>a slice outside its array: {@link IndexOutOfBoundsException}.</li>
 * </ul>
 * The aliasing rule of the library ({@code docs/API.md}): an output may be exactly an input slice (same array,
 * same offset) only where the operation is element-wise and its javadoc says "in place"
 * ({@link #inPlaceOrDisjoint}); every other overlap between an output and an input, or between two outputs,
 * is rejected ({@link #disjoint}). Not part of the public API (the package is not exported).
 */
public final class Checks {

    private Checks() {
    }

    /** Throws "{@code name} must not be null" when {@code value} is null; returns it otherwise. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** Checks {@code value >= min}, naming the value. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    /** Checks that {@code value} is finite and ≥ 0 (a weight decay, a scale factor of a penalty). */
    public static float finiteNonNegative(String name, float value) {
        if (!(value >= 0f && value <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, but was " + value);
        }
        return value;
    }

    /** Checks that {@code value} is finite and ≥ 0. */
    public static double finiteNonNegative(String name, double value) {
        if (!(value >= 0 && value <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, but was " + value);
        }
        return value;
    }

    /** Checks that {@code [offset, offset + length)} lies in {@code array}, named {@code name}. */
    public static void slice(String name, float[] array, int offset, long length) {
        notNull(name, array);
        slice(name, array.length, offset, length);
    }

    /** Checks that {@code [offset, offset + length)} lies in the int array {@code array}. */
    public static void slice(String name, int[] array, int offset, long length) {
        notNull(name, array);
        slice(name, array.length, offset, length);
    }

    private static void slice(String name, int arrayLength, int offset, long length) {
        if (length < 0) {
            throw new IllegalArgumentException(name + ": length must be >= 0, but was " + length);
        }
        if (offset < 0 || offset > arrayLength - length) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " + length " + length
                    + " is outside [0, " + arrayLength + "] (" + name + ".length = " + arrayLength + ")");
        }
    }

    /** Checks that {@code value} is an index in [0, size). */
    public static int index(String name, int value, int size) {
        if (value < 0 || value >= size) {
            throw new IndexOutOfBoundsException(name + " = " + value + " is outside [0, " + size + ")");
        }
        return value;
    }

    /** Checks that a shape argument is ≥ 0. */
    public static int dimension(String name, int value) {
        return atLeast(name, value, 0);
    }

    /** Returns {@code rows·cols} after checking both ≥ 0 and the product fits in one array. */
    public static int size(String rowsName, int rows, String colsName, int cols) {
        dimension(rowsName, rows);
        dimension(colsName, cols);
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rowsName + " * " + colsName + " = " + size
                    + " exceeds the largest array (" + Integer.MAX_VALUE + ")");
        }
        return (int) size;
    }

    /** Checks a rows×cols row-major matrix at {@code offset} in {@code array}; returns rows·cols. */
    public static int matrix(String name, float[] array, int offset, int rows, int cols) {
        int size = size("rows", rows, "cols", cols);
        slice(name, array, offset, size);
        return size;
    }

    /** Checks that two arrays of a whole-array overload have the same length. */
    public static void sameLength(String name, float[] a, String otherName, float[] b) {
        notNull(name, a);
        notNull(otherName, b);
        if (a.length != b.length) {
            throw new IllegalArgumentException(name + ".length (" + a.length + ") must equal " + otherName
                    + ".length (" + b.length + ")");
        }
    }

    /**
     * Checks that output slice {@code out} is either exactly input slice {@code in} (in place) or does not
     * overlap it: an element-wise kernel gives wrong results on a shifted overlap.
     */
    public static void inPlaceOrDisjoint(String outName, float[] out, int outOffset, String inName, float[] in,
                                         int inOffset, int length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + length)
                    + ") partially overlaps " + inName + " [" + inOffset + ", " + (inOffset + length)
                    + "): use the same offset (in place) or disjoint slices");
        }
    }

    /**
     * Checks that two slices of possibly the same array do not overlap at all (an output against an input
     * that is read after the output is written, or two outputs). A null or empty slice overlaps nothing.
     */
    public static void disjoint(String outName, float[] out, int outOffset, long outLength, String otherName,
                                float[] other, int otherOffset, long otherLength) {
        if (out != null && out == other && outLength > 0 && otherLength > 0
                && outOffset < otherOffset + otherLength && otherOffset < outOffset + outLength) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + outLength)
                    + ") overlaps " + otherName + " [" + otherOffset + ", " + (otherOffset + otherLength)
                    + "): this output must not share elements with " + otherName);
        }
    }

    /**
     * Checks that {@code count} labels at {@code offset} are in {@code [0, classes)}, or equal to
     * {@code ignoreLabel}; the message names the row and the value.
     */
    public static void labels(String name, int[] labels, int offset, int count, int classes, int ignoreLabel,
                              boolean hasIgnoreLabel) {
        slice(name, labels, offset, count);
        for (int r = 0; r < count; r++) {
            int label = labels[offset + r];
            if ((label < 0 || label >= classes) && !(hasIgnoreLabel && label == ignoreLabel)) {
                throw new IllegalArgumentException(name + "[" + (offset + r) + "] = " + label + " is outside [0, "
                        + classes + ")" + (hasIgnoreLabel ? " and is not the ignore label " + ignoreLabel : ""));
            }
        }
    }

    /** {@link #labels(String, int[], int, int, int, int, boolean)} without an ignore label. */
    public static void labels(String name, int[] labels, int offset, int count, int classes) {
        labels(name, labels, offset, count, classes, 0, false);
    }

    /**
     * Checks the CSR rows {@code [rowStartOffset, rowStartOffset + rows]} of {@code rowStart}: the slice exists, it
     * never decreases, the non-zeros it spans lie in both {@code index} and {@code value}, and every index of those
     * non-zeros is in [0, features). Returns the first non-zero position.
     */
    public static int csr(int[] rowStart, int rowStartOffset, int[] index, float[] value, int rows, int features) {
        dimension("rows", rows);
        dimension("features", features);
        slice("rowStart", rowStart, rowStartOffset, (long) rows + 1);
        notNull("index", index);
        notNull("value", value);
        int first = rowStart[rowStartOffset];
        for (int r = 0; r < rows; r++) {
            int from = rowStart[rowStartOffset + r];
            int to = rowStart[rowStartOffset + r + 1];
            if (to < from) {
                throw new IllegalArgumentException("rowStart: entry " + (rowStartOffset + r + 1) + " (" + to
                        + ") is below the one before it (" + from + ")");
            }
        }
        int end = rowStart[rowStartOffset + rows];
        slice("index", index, first, (long) end - first);
        slice("value", value, first, (long) end - first);
        for (int k = first; k < end; k++) {
            if (index[k] < 0 || index[k] >= features) {
                throw new IndexOutOfBoundsException("index: index[" + k + "] = " + index[k] + " is outside [0, "
                        + features + ")");
            }
        }
        return first;
    }
}
