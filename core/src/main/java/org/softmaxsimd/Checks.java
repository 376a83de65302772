package org.softmaxsimd;

/**
 * Argument checks shared by the public facades. Every check runs before any output is written, and every
 * message names the argument and the bound it broke.
 */
final class Checks {

    private Checks() {
    }

    /** Checks that {@code [offset, offset + length)} lies in {@code array}, named {@code name}. */
    static void slice(String name, float[] array, int offset, int length) {
        if (array == null) {
            throw new NullPointerException(name + " must not be null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, but was " + length);
        }
        if (offset < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " + length " + length
                    + " is outside [0, " + array.length + "] (" + name + ".length = " + array.length + ")");
        }
    }

    /** Checks a rows×cols row-major matrix at {@code offset} in {@code array}; returns rows·cols. */
    static int matrix(String name, float[] array, int offset, int rows, int cols) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, but was " + rows);
        }
        if (cols < 0) {
            throw new IllegalArgumentException("cols must be >= 0, but was " + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * cols = " + size + " exceeds the largest array ("
                    + Integer.MAX_VALUE + ")");
        }
        slice(name, array, offset, (int) size);
        return (int) size;
    }

    /** Checks that two arrays have the same length (whole-array overloads). */
    static void sameLength(String name, float[] a, String otherName, float[] b) {
        if (a == null) {
            throw new NullPointerException(name + " must not be null");
        }
        if (b == null) {
            throw new NullPointerException(otherName + " must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException(name + ".length (" + a.length + ") must equal " + otherName
                    + ".length (" + b.length + ")");
        }
    }

    /**
     * Checks that output slice {@code out} is either exactly input slice {@code in} (in place) or does not
     * overlap it: element-wise kernels give wrong results on a shifted overlap.
     */
    static void noPartialOverlap(String outName, float[] out, int outOffset, String inName, float[] in,
                                 int inOffset, int length) {
        if (out == in && outOffset != inOffset && length > 0
                && outOffset < inOffset + length && inOffset < outOffset + length) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + length)
                    + ") partially overlaps " + inName + " [" + inOffset + ", " + (inOffset + length)
                    + "): use the same offset (in place) or disjoint slices");
        }
    }

    /** Checks that an output slice and an input slice of possibly the same array do not overlap at all. */
    static void disjoint(String outName, float[] out, int outOffset, int outLength, String inName, float[] in,
                         int inOffset, int inLength) {
        if (out == in && outLength > 0 && inLength > 0
                && outOffset < inOffset + inLength && inOffset < outOffset + outLength) {
            throw new IllegalArgumentException(outName + " [" + outOffset + ", " + (outOffset + outLength)
                    + ") overlaps " + inName + " [" + inOffset + ", " + (inOffset + inLength) + ")");
        }
    }
}
