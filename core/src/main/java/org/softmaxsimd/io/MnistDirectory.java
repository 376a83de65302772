package org.softmaxsimd.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.softmaxsimd.train.Dataset;

/**
 * A folder in the MNIST layout: {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]}
 * and, optionally, {@code t10k-images-idx3-ubyte[.gz]} with {@code t10k-labels-idx1-ubyte[.gz]}.
 *
 * @param train the training set
 * @param test  the test set, or null when the folder has no {@code t10k-*} files
 */
public record MnistDirectory(Dataset train, Dataset test) {

    /**
     * Reads the training set and, if present, the test set of {@code dir}.
     *
     * @param dir the folder holding the four MNIST files
     * @return the training and the test set
     * @throws IOException when a required file is missing, when images and labels disagree in count, or when a
     *                     file is malformed (see {@link Idx}); the message names the file
     */
    public static MnistDirectory load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        Dataset train = read(dir, "train", true);
        Dataset test = read(dir, "t10k", false);
        if (test != null && test.features() != train.features()) {
            throw new IOException(dir + ": test images have " + test.features() + " pixels, training images "
                    + train.features());
        }
        return new MnistDirectory(train, test);
    }

    private static Dataset read(Path dir, String prefix, boolean required) throws IOException {
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        if (images == null && labels == null && !required) {
            return null;
        }
        if (images == null || labels == null) {
            String missing = prefix + (images == null ? "-images-idx3-ubyte[.gz]" : "-labels-idx1-ubyte[.gz]");
            throw new NoSuchFileException(dir.resolve(missing).toString(), null, "missing");
        }
        IdxImages x = Idx.readImages(images);
        int[] y = Idx.readLabels(labels);
        if (y.length != x.count()) {
            throw new IOException(labels + ": " + y.length + " labels for " + x.count() + " images in " + images);
        }
        return new Dataset(x.features(), y, x.pixels());
    }

    private static Path find(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
