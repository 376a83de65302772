package org.softmaxsimd.io;

/**
 * Images read from an IDX file.
 *
 * @param count    number of images
 * @param rows     pixel rows per image
 * @param cols     pixel columns per image
 * @param features {@code count × (rows·cols)} row-major floats in [0, 1] (byte / 255)
 */
public record IdxImages(int count, int rows, int cols, float[] features) {

    /**
     * Pixels per image, the feature dimension d.
     *
     * @return rows × cols, the features of one image
     */
    public int pixels() {
        return rows * cols;
    }
}
