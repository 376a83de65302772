/**
 * Sampled softmax for large vocabularies: candidate samplers (uniform, log-uniform, unigram by Walker's
 * alias method) with TensorFlow's expected counts, and a reproducible random source. The sampled loss itself
 * is not implemented yet.
 */
package org.softmaxsimd.sampled;
