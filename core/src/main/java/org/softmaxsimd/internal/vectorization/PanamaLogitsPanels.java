package org.softmaxsimd.internal.vectorization;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The panel kernel of the batched logits Z = X·Wᵀ on 16-lane (512-bit) vectors: 32 example rows of X are packed
 * so that the rows fall into the lanes of two vectors, and 4 classes at a time have their weights broadcast, so
 * every output (row, class) lives in one lane of one accumulator and nothing is summed across lanes. Each load
 * of packed X feeds four multiply-adds and each broadcast weight two. W is read in place: packing it as well
 * cost 30% at 64×784×1000 (each W element serves only the 64 rows). Only full panels of 32 rows are taken; the
 * caller computes the remaining rows with the 4 × 4 dot-product blocks.
 *
 * <p>Order of the sums (what keeps {@code Linear}'s bound of (d/L + 8)·2^-24·Σ|w·x| with L = 16): one lane adds
 * the d products of its output in sequence, which alone would be a bound of d·2^-24. So the products are
 * summed in three levels: a chunk of 4 features (a product, then three fused multiply-adds: 4 roundings), a group
 * of 4 chunks (16 features, 3 more roundings), and the ⌈d/16⌉ groups in order (one rounding each after the first;
 * a block of {@code FEATURE_BLOCK} = 1024 features is summed so and its total added to Z, which is the same
 * count): with the bias, at most 4 + 3 + (⌈d/16⌉ − 1) + 1 ≤ d/16 + 8 roundings of Σ|w·x|. The last 1-15 features
 * of a block are a shorter group ({@link #addLastGroup}: at most 3 full chunks and one of 1-3 features), so no
 * count grows. Lanes are independent, so the result of a row
 * does not depend on the other rows of its panel; it may differ in the last bits from the one-example logits
 * ({@link PanamaKernelSupport#dot4}), which sum each lane's d/16 products first and then across lanes.
 *
 * <p>Why 2 × 4: the 8 outputs hold 3 accumulators each (total, group, chunk), 24 of the 32 vector registers of
 * AVX-512; 2 × 6 would spill. With 16 registers (AVX2) even one vector × 4 classes is tight, and at 8 lanes on
 * Zen 4 the panel was not faster than the dot-product blocks (docs/VECTOR_API.md), so narrower species keep those.
 */
final class PanamaLogitsPanels {

    private static final VectorSpecies<Float> SPECIES = PanamaKernelSupport.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Example rows per panel: two vectors. */
    static final int ROWS = 2 * LANES;
    /** Whether this kernel runs on the preferred species: it is written for 16 lanes and 32 vector registers. */
    static final boolean AVAILABLE = LANES == 16;
    /** Classes per broadcast step. */
    private static final int CLASSES = 4;
    /** Features per packed block: 32 rows × 1024 features × 4 panels = 512 KB of packed X, kept in L2. */
    private static final int FEATURE_BLOCK = 1024;
    /** Panels packed at once (re-read from L2 for every 4 classes while their weights stay in L1). */
    private static final int PANELS_PER_BLOCK = 4;
    /**
     * Fewest classes for the panel path when the features are a multiple of 16: packing X costs ~0.4 ns per
     * element (two gathers per column), which each of the K multiply-adds that reuse it must pay back. Measured
     * at 256×784×K on Zen 4 (same-JVM A/B against the dot-product blocks, two runs each): JDK 17 0.79-0.82× the
     * time at K = 256-1000, but 0.79-1.09× at 128 and 1.02-1.14× at 32-64; JDK 25 0.86-0.97× at 1000-10000,
     * 1.0× at 256-512, 1.06-1.29× at 128.
     */
    static final int MIN_CLASSES = 256;
    /**
     * Fewest classes when they are not: then every dot product of the 4 × 4 blocks ends in up to 15 scalar
     * multiply-adds, and the panel was 0.28-0.6× their time from K = 16 (256×100×K, 256×300×32, both JDKs) and
     * 0.52-0.86× at 2000 × {50, 100} × {4, 8, 10}, on par at 2000×300×10. Fewer than 4 classes would leave
     * broadcasts of a 4-class step idle.
     */
    static final int MIN_CLASSES_RAGGED = 4;
    /** Per thread: the packed panels of a block, and one panel's 4 × 32 results. */
    private static final ThreadLocal<float[]> PACKED =
            ThreadLocal.withInitial(() -> new float[PANELS_PER_BLOCK * ROWS * FEATURE_BLOCK]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[CLASSES * ROWS]);
    /** Per thread: r·features for the gathers of a column of 16 rows. */
    private static final ThreadLocal<int[]> ROW_STARTS = ThreadLocal.withInitial(() -> new int[LANES]);

    private PanamaLogitsPanels() {
    }

    /**
     * Z[i][k] = Σ_j X[i][j]·W[k][j] for the leading rows of the batch that fill whole panels; returns how many
     * (a multiple of 32, or 0 when the shape does not take this path: fewer than 32 rows, no features, fewer
     * classes than {@link #MIN_CLASSES} ({@link #MIN_CLASSES_RAGGED} when the features are not a multiple of 16),
     * or a species other than 16 lanes). Shapes as in {@link KernelSupport#logitsRows}.
     */
    static int logitsRows(float[] x, int xOffset, int rows, int features, float[] w, int wOffset, int classes,
                          float[] z, int zOffset) {
        int fewestClasses = features % LANES == 0 ? MIN_CLASSES : MIN_CLASSES_RAGGED;
        if (!AVAILABLE || rows < ROWS || features == 0 || classes < fewestClasses) {
            return 0;
        }
        int done = rows / ROWS * ROWS;
        float[] packed = PACKED.get();
        float[] tile = TILE.get();
        int[] rowStarts = ROW_STARTS.get();
        for (int r = 0; r < LANES; r++) {
            rowStarts[r] = r * features;
        }
        int blockRows = PANELS_PER_BLOCK * ROWS;
        for (int i0 = 0; i0 < done; i0 += blockRows) {
            int panels = Math.min(blockRows, done - i0) / ROWS;
            for (int j0 = 0; j0 < features; j0 += FEATURE_BLOCK) {
                int width = Math.min(FEATURE_BLOCK, features - j0);
                int groups = width / 16;
                packRows(x, xOffset + i0 * features + j0, features, panels, width, rowStarts, packed);
                for (int k = 0; k < classes; k += CLASSES) {
                    int n = Math.min(CLASSES, classes - k);
                    // A last group of 1-3 classes repeats the last class in the unused broadcasts.
                    int w0 = wOffset + k * features + j0;
                    int w1 = wOffset + Math.min(k + 1, classes - 1) * features + j0;
                    int w2 = wOffset + Math.min(k + 2, classes - 1) * features + j0;
                    int w3 = wOffset + Math.min(k + 3, classes - 1) * features + j0;
                    for (int p = 0; p < panels; p++) {
                        int at = p * ROWS * width;
                        panel(packed, at, groups, w, w0, w1, w2, w3, tile);
                        if (16 * groups < width) {
                            addLastGroup(packed, at, 16 * groups, width, w, w0, w1, w2, w3, tile);
                        }
                        store(tile, n, z, zOffset + (i0 + p * ROWS) * classes + k, classes, j0 > 0);
                    }
                }
            }
        }
        return done;
    }

    /**
     * Packs {@code panels} panels of 32 rows × width features of X (rows {@code features} apart, the first at
     * from) column by column, two gathers per column: packed[p·32·width + j·32 + r] = X[p·32 + r][j].
     */
    private static void packRows(float[] x, int from, int features, int panels, int width, int[] rowStarts,
                                 float[] packed) {
        for (int p = 0; p < panels; p++) {
            int rowsAt = from + p * ROWS * features;
            int out = p * ROWS * width;
            for (int j = 0; j < width; j++, out += ROWS) {
                FloatVector.fromArray(SPECIES, x, rowsAt + j, rowStarts, 0).intoArray(packed, out);
                FloatVector.fromArray(SPECIES, x, rowsAt + LANES * features + j, rowStarts, 0)
                        .intoArray(packed, out + LANES);
            }
        }
    }

    /** Z rows (zStride apart) get tile[c·32 + r] for c &lt; n classes: stored, or added for a later feature block. */
    private static void store(float[] tile, int n, float[] z, int at, int zStride, boolean add) {
        for (int r = 0; r < ROWS; r++, at += zStride) {
            for (int c = 0; c < n; c++) {
                float v = tile[c * ROWS + r];
                z[at + c] = add ? z[at + c] + v : v;
            }
        }
    }

    /**
     * tile[c·32 + r] = Σ_{j &lt; 16·groups} W_c[j]·X_r[j] for one packed panel at {@code at} and the weight rows
     * at w0..w3, in the order of the class comment. Written out by hand: a loop over the four features of a
     * chunk was slower (C2 kept it a loop).
     */
    private static void panel(float[] packed, int at, int groups, float[] w, int w0, int w1, int w2, int w3,
                              float[] tile) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector t00 = zero;
        FloatVector t01 = zero;
        FloatVector t02 = zero;
        FloatVector t03 = zero;
        FloatVector t10 = zero;
        FloatVector t11 = zero;
        FloatVector t12 = zero;
        FloatVector t13 = zero;
        for (int g = 0; g < 16 * groups; g += 16) {
            FloatVector s00 = zero;
            FloatVector s01 = zero;
            FloatVector s02 = zero;
            FloatVector s03 = zero;
            FloatVector s10 = zero;
            FloatVector s11 = zero;
            FloatVector s12 = zero;
            FloatVector s13 = zero;
            for (int q = g; q < g + 16; q += 4) {
                int p = at + q * ROWS;
                FloatVector x0 = FloatVector.fromArray(SPECIES, packed, p);
                FloatVector x1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
                FloatVector b = FloatVector.broadcast(SPECIES, w[w0 + q]);
                FloatVector c00 = x0.mul(b);
                FloatVector c10 = x1.mul(b);
                b = FloatVector.broadcast(SPECIES, w[w1 + q]);
                FloatVector c01 = x0.mul(b);
                FloatVector c11 = x1.mul(b);
                b = FloatVector.broadcast(SPECIES, w[w2 + q]);
                FloatVector c02 = x0.mul(b);
                FloatVector c12 = x1.mul(b);
                b = FloatVector.broadcast(SPECIES, w[w3 + q]);
                FloatVector c03 = x0.mul(b);
                FloatVector c13 = x1.mul(b);

                p += ROWS;
                x0 = FloatVector.fromArray(SPECIES, packed, p);
                x1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
                b = FloatVector.broadcast(SPECIES, w[w0 + q + 1]);
                c00 = x0.fma(b, c00);
                c10 = x1.fma(b, c10);
                b = FloatVector.broadcast(SPECIES, w[w1 + q + 1]);
                c01 = x0.fma(b, c01);
                c11 = x1.fma(b, c11);
                b = FloatVector.broadcast(SPECIES, w[w2 + q + 1]);
                c02 = x0.fma(b, c02);
                c12 = x1.fma(b, c12);
                b = FloatVector.broadcast(SPECIES, w[w3 + q + 1]);
                c03 = x0.fma(b, c03);
                c13 = x1.fma(b, c13);

                p += ROWS;
                x0 = FloatVector.fromArray(SPECIES, packed, p);
                x1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
                b = FloatVector.broadcast(SPECIES, w[w0 + q + 2]);
                c00 = x0.fma(b, c00);
                c10 = x1.fma(b, c10);
                b = FloatVector.broadcast(SPECIES, w[w1 + q + 2]);
                c01 = x0.fma(b, c01);
                c11 = x1.fma(b, c11);
                b = FloatVector.broadcast(SPECIES, w[w2 + q + 2]);
                c02 = x0.fma(b, c02);
                c12 = x1.fma(b, c12);
                b = FloatVector.broadcast(SPECIES, w[w3 + q + 2]);
                c03 = x0.fma(b, c03);
                c13 = x1.fma(b, c13);

                p += ROWS;
                x0 = FloatVector.fromArray(SPECIES, packed, p);
                x1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
                b = FloatVector.broadcast(SPECIES, w[w0 + q + 3]);
                c00 = x0.fma(b, c00);
                c10 = x1.fma(b, c10);
                b = FloatVector.broadcast(SPECIES, w[w1 + q + 3]);
                c01 = x0.fma(b, c01);
                c11 = x1.fma(b, c11);
                b = FloatVector.broadcast(SPECIES, w[w2 + q + 3]);
                c02 = x0.fma(b, c02);
                c12 = x1.fma(b, c12);
                b = FloatVector.broadcast(SPECIES, w[w3 + q + 3]);
                c03 = x0.fma(b, c03);
                c13 = x1.fma(b, c13);

                s00 = s00.add(c00);
                s01 = s01.add(c01);
                s02 = s02.add(c02);
                s03 = s03.add(c03);
                s10 = s10.add(c10);
                s11 = s11.add(c11);
                s12 = s12.add(c12);
                s13 = s13.add(c13);
            }
            t00 = t00.add(s00);
            t01 = t01.add(s01);
            t02 = t02.add(s02);
            t03 = t03.add(s03);
            t10 = t10.add(s10);
            t11 = t11.add(s11);
            t12 = t12.add(s12);
            t13 = t13.add(s13);
        }
        t00.intoArray(tile, 0);
        t10.intoArray(tile, LANES);
        t01.intoArray(tile, ROWS);
        t11.intoArray(tile, ROWS + LANES);
        t02.intoArray(tile, 2 * ROWS);
        t12.intoArray(tile, 2 * ROWS + LANES);
        t03.intoArray(tile, 3 * ROWS);
        t13.intoArray(tile, 3 * ROWS + LANES);
    }

    /**
     * Adds to tile the last group of a block, features from..width-1 (1-15 of them), as chunks of 4 and one of
     * 1-3. Its own method: inside {@link #panel} it grew that compilation past C2's inlining budget, and the
     * kernel's vectors were boxed (157 MB per 64×784×1000 call). Nothing but arrays crosses the call.
     */
    private static void addLastGroup(float[] packed, int at, int from, int width, float[] w, int w0, int w1,
                                     int w2, int w3, float[] tile) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s00 = zero;
        FloatVector s01 = zero;
        FloatVector s02 = zero;
        FloatVector s03 = zero;
        FloatVector s10 = zero;
        FloatVector s11 = zero;
        FloatVector s12 = zero;
        FloatVector s13 = zero;
        for (int q = from; q < width; q += 4) {
            FloatVector c00 = zero;
            FloatVector c01 = zero;
            FloatVector c02 = zero;
            FloatVector c03 = zero;
            FloatVector c10 = zero;
            FloatVector c11 = zero;
            FloatVector c12 = zero;
            FloatVector c13 = zero;
            int end = Math.min(q + 4, width);
            for (int u = q; u < end; u++) {
                // From zero, the first multiply-add is the rounded product, as in a full chunk.
                int p = at + u * ROWS;
                FloatVector x0 = FloatVector.fromArray(SPECIES, packed, p);
                FloatVector x1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
                FloatVector b = FloatVector.broadcast(SPECIES, w[w0 + u]);
                c00 = x0.fma(b, c00);
                c10 = x1.fma(b, c10);
                b = FloatVector.broadcast(SPECIES, w[w1 + u]);
                c01 = x0.fma(b, c01);
                c11 = x1.fma(b, c11);
                b = FloatVector.broadcast(SPECIES, w[w2 + u]);
                c02 = x0.fma(b, c02);
                c12 = x1.fma(b, c12);
                b = FloatVector.broadcast(SPECIES, w[w3 + u]);
                c03 = x0.fma(b, c03);
                c13 = x1.fma(b, c13);
            }
            s00 = s00.add(c00);
            s01 = s01.add(c01);
            s02 = s02.add(c02);
            s03 = s03.add(c03);
            s10 = s10.add(c10);
            s11 = s11.add(c11);
            s12 = s12.add(c12);
            s13 = s13.add(c13);
        }
        addInto(tile, 0, s00);
        addInto(tile, LANES, s10);
        addInto(tile, ROWS, s01);
        addInto(tile, ROWS + LANES, s11);
        addInto(tile, 2 * ROWS, s02);
        addInto(tile, 2 * ROWS + LANES, s12);
        addInto(tile, 3 * ROWS, s03);
        addInto(tile, 3 * ROWS + LANES, s13);
    }

    private static void addInto(float[] tile, int at, FloatVector group) {
        FloatVector.fromArray(SPECIES, tile, at).add(group).intoArray(tile, at);
    }
}
