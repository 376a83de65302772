/**
 * Spark ML on softmax-simd: {@link org.softmaxsimd.spark.SoftmaxSimdClassifier}, a softmax-regression
 * estimator trained full-batch with the library's SIMD kernels on the executors and its L-BFGS on the driver,
 * bitwise reproducible across partitionings, and its {@link org.softmaxsimd.spark.SoftmaxSimdClassificationModel}.
 * Spark is a {@code provided} dependency (Spark 4.2, Scala 2.13).
 */
package org.softmaxsimd.spark;
