/**
 * softmax-simd: SIMD softmax-regression kernels over flat {@code float[]} slices. Start with
 * {@link org.softmaxsimd.Softmax}. Run with {@code --add-modules jdk.incubator.vector} for the SIMD path.
 */
package org.softmaxsimd;
