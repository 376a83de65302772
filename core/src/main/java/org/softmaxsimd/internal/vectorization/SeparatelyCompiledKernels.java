package org.softmaxsimd.internal.vectorization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Wraps a {@link KernelSupport} so that each of its loops is compiled by C2 as a separate unit, never
 * inlined into the caller.
 *
 * <p>Why: C2 stops inlining once a compilation holds about 18,000 IR nodes (NodeCountInliningCutoff), and
 * Vector API code is node-hungry. When the caller (the softmax engine, or any user method that inlines it)
 * and two or three vector loops land in one compilation, the cut falls inside a loop; every vector that
 * crosses the call that was not inlined is then boxed, and the loop runs 5-10x slower and allocates. It was
 * measured here: the two-pass softmax at 2^18 elements ran at 4.4 ns/element with ~0 B/op in one fork and
 * 0.77 in another. Calls made through a {@link MethodHandle} read from an instance field cannot be inlined
 * (C2 does not treat such fields as constants), so each kernel method keeps the whole node budget of its
 * own compilation. The price is one indirect call (a few ns) per kernel call, which matters only for rows of
 * a few dozen elements.
 */
final class SeparatelyCompiledKernels implements KernelSupport {

    private final KernelSupport target;
    private final MethodHandle max;
    private final MethodHandle sum;
    private final MethodHandle dot;
    private final MethodHandle expSum;
    private final MethodHandle weightedShiftedSum;
    private final MethodHandle expStoreSum;
    private final MethodHandle scaleShift;
    private final MethodHandle scaleSubtractScaled;
    private final MethodHandle expScale;
    private final MethodHandle subtractTwice;
    private final MethodHandle multiplyDifference;
    private final MethodHandle subtractScaledExp;
    private final MethodHandle maxAndExpSum;
    private final MethodHandle softmaxRow;
    private final MethodHandle logSoftmaxRow;
    private final MethodHandle softmaxRows;
    private final MethodHandle maxAndExpSumExcept;
    private final MethodHandle crossEntropyRows;
    private final MethodHandle logSoftmaxRows;
    private final MethodHandle logSumExpRows;
    private final MethodHandle dot4;
    private final MethodHandle dot4x4;
    private final MethodHandle logitsRows;
    private final MethodHandle axpy;
    private final MethodHandle axpy4;
    private final MethodHandle axpy4x4;
    private final MethodHandle sigmoid;
    private final MethodHandle logSigmoid;
    private final MethodHandle binaryCrossEntropy;

    SeparatelyCompiledKernels(KernelSupport target) {
        this.target = target;
        Class<?> f = float.class;
        Class<?> i = int.class;
        Class<?> a = float[].class;
        max = bind(target, "max", f, a, i, i);
        sum = bind(target, "sum", f, a, i, i);
        dot = bind(target, "dot", f, a, i, a, i, i);
        expSum = bind(target, "expSum", f, a, i, i, f);
        weightedShiftedSum = bind(target, "weightedShiftedSum", f, a, i, a, i, i, f);
        expStoreSum = bind(target, "expStoreSum", f, a, i, a, i, i, f);
        scaleShift = bind(target, "scaleShift", void.class, a, i, a, i, i, f, f);
        scaleSubtractScaled = bind(target, "scaleSubtractScaled", void.class, a, i, a, i, a, i, i, f, f);
        expScale = bind(target, "expScale", void.class, a, i, a, i, i, f, f);
        subtractTwice = bind(target, "subtractTwice", void.class, a, i, a, i, i, f, f);
        multiplyDifference = bind(target, "multiplyDifference", void.class, a, i, a, i, a, i, i, f);
        subtractScaledExp = bind(target, "subtractScaledExp", void.class, a, i, a, i, a, i, i, f);
        maxAndExpSum = bind(target, "maxAndExpSum", long.class, a, i, i);
        softmaxRow = bind(target, "softmaxRow", long.class, a, i, a, i, i);
        logSoftmaxRow = bind(target, "logSoftmaxRow", long.class, a, i, a, i, i);
        maxAndExpSumExcept = bind(target, "maxAndExpSumExcept", long.class, a, i, a, i, i, i, double.class);
        crossEntropyRows = bind(target, "crossEntropyRows", double.class, a, i, i, i, int[].class, i, a, i,
                double.class, a, i);
        softmaxRows = bind(target, "softmaxRows", i, a, i, a, i, i, i);
        logSoftmaxRows = bind(target, "logSoftmaxRows", i, a, i, a, i, i, i);
        logSumExpRows = bind(target, "logSumExpRows", i, a, i, a, i, i, i);
        dot4 = bind(target, "dot4", void.class, a, i, i, a, i, i, a, i);
        dot4x4 = bind(target, "dot4x4", void.class, a, i, i, a, i, i, i, a, i, i);
        logitsRows = bind(target, "logitsRows", i, a, i, i, i, a, i, i, a, i);
        axpy = bind(target, "axpy", void.class, f, a, i, a, i, i);
        axpy4 = bind(target, "axpy4", void.class, f, f, f, f, a, i, i, a, i, i);
        axpy4x4 = bind(target, "axpy4x4", void.class, a, i, i, f, a, i, i, a, i, i, i);
        sigmoid = bind(target, "sigmoid", void.class, a, i, a, i, i);
        logSigmoid = bind(target, "logSigmoid", void.class, a, i, a, i, i);
        binaryCrossEntropy = bind(target, "binaryCrossEntropy", f, a, i, a, i, a, i, i, f);
    }

    /** The kernels behind the barrier. */
    KernelSupport target() {
        return target;
    }

    private static MethodHandle bind(KernelSupport target, String name, Class<?> returns, Class<?>... params) {
        try {
            // The module's own lookup: publicLookup() cannot see KernelSupport once the package is not exported.
            return MethodHandles.lookup()
                    .findVirtual(KernelSupport.class, name, MethodType.methodType(returns, params))
                    .bindTo(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("KernelSupport." + name + " not found", e);
        }
    }

    /** Rethrows what a kernel threw (kernels throw only unchecked exceptions). */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public int lanes() {
        return target.lanes();
    }

    @Override
    public float max(float[] x, int offset, int length) {
        try {
            return (float) max.invokeExact(x, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float sum(float[] x, int offset, int length) {
        try {
            return (float) sum.invokeExact(x, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        try {
            return (float) dot.invokeExact(a, aOffset, b, bOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float weightedShiftedSum(float[] w, int wOffset, float[] x, int xOffset, int length, float shift) {
        try {
            return (float) weightedShiftedSum.invokeExact(w, wOffset, x, xOffset, length, shift);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float expSum(float[] x, int offset, int length, float shift) {
        try {
            return (float) expSum.invokeExact(x, offset, length, shift);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float expStoreSum(float[] x, int xOffset, float[] y, int yOffset, int length, float shift) {
        try {
            return (float) expStoreSum.invokeExact(x, xOffset, y, yOffset, length, shift);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void scaleShift(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        try {
            scaleShift.invokeExact(x, xOffset, y, yOffset, length, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void scaleSubtractScaled(float[] x, int xOffset, float[] t, int tOffset, float[] y, int yOffset,
                                    int length, float a, float b) {
        try {
            scaleSubtractScaled.invokeExact(x, xOffset, t, tOffset, y, yOffset, length, a, b);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void expScale(float[] x, int xOffset, float[] y, int yOffset, int length, float shift, float factor) {
        try {
            expScale.invokeExact(x, xOffset, y, yOffset, length, shift, factor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void subtractTwice(float[] x, int xOffset, float[] y, int yOffset, int length, float a, float b) {
        try {
            subtractTwice.invokeExact(x, xOffset, y, yOffset, length, a, b);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void multiplyDifference(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                   int length, float c) {
        try {
            multiplyDifference.invokeExact(y, yOffset, dy, dyOffset, dx, dxOffset, length, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void subtractScaledExp(float[] y, int yOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                                  int length, float c) {
        try {
            subtractScaledExp.invokeExact(y, yOffset, dy, dyOffset, dx, dxOffset, length, c);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long maxAndExpSum(float[] x, int offset, int length) {
        try {
            return (long) maxAndExpSum.invokeExact(x, offset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long softmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        try {
            return (long) softmaxRow.invokeExact(x, xOffset, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long logSoftmaxRow(float[] x, int xOffset, float[] y, int yOffset, int length) {
        try {
            return (long) logSoftmaxRow.invokeExact(x, xOffset, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long maxAndExpSumExcept(float[] x, int xOffset, float[] d, int dOffset, int length, int except,
                                   double scale) {
        try {
            return (long) maxAndExpSumExcept.invokeExact(x, xOffset, d, dOffset, length, except, scale);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public double crossEntropyRows(float[] x, int xOffset, int rows, int cols, int[] labels, int labelsOffset,
                                   float[] weights, int ignoreLabel, double scale, float[] d, int dOffset) {
        try {
            return (double) crossEntropyRows.invokeExact(x, xOffset, rows, cols, labels, labelsOffset, weights,
                    ignoreLabel, scale, d, dOffset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int softmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        try {
            return (int) softmaxRows.invokeExact(x, xOffset, y, yOffset, rows, cols);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int logSoftmaxRows(float[] x, int xOffset, float[] y, int yOffset, int rows, int cols) {
        try {
            return (int) logSoftmaxRows.invokeExact(x, xOffset, y, yOffset, rows, cols);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int logSumExpRows(float[] x, int xOffset, float[] out, int outOffset, int rows, int cols) {
        try {
            return (int) logSumExpRows.invokeExact(x, xOffset, out, outOffset, rows, cols);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dot4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int length, float[] out,
                     int outOffset) {
        try {
            dot4.invokeExact(w, wOffset, wStride, x, xOffset, length, out, outOffset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int logitsRows(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes,
                          float[] z, int zOffset) {
        try {
            return (int) logitsRows.invokeExact(x, xOffset, rows, features, w, wOffset, classes, z, zOffset);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dot4x4(float[] w, int wOffset, int wStride, float[] x, int xOffset, int xStride, int length,
                       float[] out, int outOffset, int outStride) {
        try {
            dot4x4.invokeExact(w, wOffset, wStride, x, xOffset, xStride, length, out, outOffset, outStride);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length) {
        try {
            axpy.invokeExact(a, x, xOffset, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void axpy4x4(float[] a, int aOffset, int aStride, float scale, float[] x, int xOffset, int xStride,
                        float[] y, int yOffset, int yStride, int length) {
        try {
            axpy4x4.invokeExact(a, aOffset, aStride, scale, x, xOffset, xStride, y, yOffset, yStride, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, int stride, float[] y,
                      int yOffset, int length) {
        try {
            axpy4.invokeExact(a0, a1, a2, a3, x, xOffset, stride, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void sigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        try {
            sigmoid.invokeExact(x, xOffset, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void logSigmoid(float[] x, int xOffset, float[] y, int yOffset, int length) {
        try {
            logSigmoid.invokeExact(x, xOffset, y, yOffset, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public float binaryCrossEntropy(float[] x, int xOffset, float[] t, int tOffset, float[] g, int gOffset,
                                    int length, float gradScale) {
        try {
            return (float) binaryCrossEntropy.invokeExact(x, xOffset, t, tOffset, g, gOffset, length, gradScale);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }
}
