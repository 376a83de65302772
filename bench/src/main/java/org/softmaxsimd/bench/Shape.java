package org.softmaxsimd.bench;

/** A benchmark shape "ROWSxCOLS" (rows of cols elements each). */
final class Shape {
    final int rows;
    final int cols;

    private Shape(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    static Shape parse(String text) {
        String[] parts = text.split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape must look like ROWSxCOLS, but was '" + text + "'");
        }
        return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    long elements() {
        return (long) rows * cols;
    }
}
