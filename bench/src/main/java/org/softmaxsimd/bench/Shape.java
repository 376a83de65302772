package org.softmaxsimd.bench;

/**
 * A benchmark shape "AxB" or "AxBxC": rows × cols for the row kernels (elements = rows·cols), and
 * m × d × K for the logits GEMM (elements = multiply-adds = m·d·K). The report divides time by elements.
 */
final class Shape {
    final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    static Shape parse(String text) {
        String[] parts = text.split("x");
        if (parts.length < 2 || parts.length > 4) {
            throw new IllegalArgumentException("shape must look like AxB, AxBxC or AxBxCxD, but was '" + text + "'");
        }
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Integer.parseInt(parts[i]);
        }
        return new Shape(dims);
    }

    int rows() {
        return dims[0];
    }

    int cols() {
        return dims[1];
    }

    long elements() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
