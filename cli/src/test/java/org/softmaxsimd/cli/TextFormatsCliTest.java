package org.softmaxsimd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softmaxsimd.io.ModelFile;

/** train / evaluate / predict on LIBSVM and CSV files with named classes, in one command each. */
class TextFormatsCliTest {

    @TempDir
    Path dir;

    private static final String[] ANIMALS = {"cat", "dog", "owl"};

    /** Three separable clusters named by animals, as LIBSVM (sparse) or CSV (with a header) text. */
    private Path write(String name, int rows, boolean csv, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(csv ? "f1,f2,animal,f3\n" : "");
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            double[] x = new double[3];
            for (int j = 0; j < 3; j++) {
                x[j] = (j == k ? 3 : 0) + random.nextGaussian() * 0.5;
            }
            if (csv) {
                text.append(x[0]).append(',').append(x[1]).append(',').append(ANIMALS[k]).append(',').append(x[2]);
            } else {
                text.append(ANIMALS[k]);
                for (int j = 0; j < 3; j++) {
                    text.append(' ').append(j + 1).append(':').append(x[j]);
                }
            }
            text.append('\n');
        }
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void libsvmTrainEvaluatePredict() throws IOException {
        Path train = write("train.libsvm", 300, false, 1);
        Path test = write("test.libsvm", 60, false, 2);
        Path model = dir.resolve("animals.smx");
        SoftmaxSimdCliTest.Run trained = SoftmaxSimdCliTest.run("train", "--data", train.toString(), "--test",
                test.toString(), "--lambda", "1e-3", "--model-out", model.toString());
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("on 300 examples x 3 features, 3 classes"), trained.out());
        assertTrue(trained.out().contains("test accuracy    1.0000"), trained.out());
        assertEquals(List.of("cat", "dog", "owl"), ModelFile.read(model).classNames());
        SoftmaxSimdCliTest.Run predicted = SoftmaxSimdCliTest.run("predict", "--model", model.toString(), "--data",
                test.toString());
        assertEquals(0, predicted.status(), predicted.err());
        assertEquals(List.of("cat", "dog", "owl", "cat"), predicted.out().lines().limit(4).toList(),
                "the original label names");
        SoftmaxSimdCliTest.Run evaluated = SoftmaxSimdCliTest.run("evaluate", "--model", model.toString(), "--data",
                test.toString());
        assertEquals(0, evaluated.status(), evaluated.err());
        assertTrue(evaluated.out().contains("accuracy  1.0000 (60 correct)"), evaluated.out());
        assertTrue(evaluated.out().contains("classes   0=cat 1=dog 2=owl"), evaluated.out());
    }

    /** --sparse: the same file trained, evaluated and predicted in CSR form, with L-BFGS and with SGD. */
    @Test
    void libsvmSparseTrainEvaluatePredict() throws IOException {
        Path train = write("train.libsvm", 300, false, 1);
        Path test = write("test.libsvm", 60, false, 2);
        Path dense = dir.resolve("dense.smx");
        Path sparse = dir.resolve("sparse.smx");
        SoftmaxSimdCliTest.Run d = SoftmaxSimdCliTest.run("train", "--data", train.toString(), "--lambda", "1e-3",
                "--model-out", dense.toString());
        SoftmaxSimdCliTest.Run s = SoftmaxSimdCliTest.run("train", "--data", train.toString(), "--test",
                test.toString(), "--sparse", "--lambda", "1e-3", "--model-out", sparse.toString());
        assertEquals(0, s.status(), s.err());
        assertTrue(s.out().contains("on 300 sparse examples x 3 features, 3 classes"), s.out());
        assertTrue(s.out().contains("test accuracy    1.0000"), s.out());
        // The same optimum as the dense run: J printed to 10 digits agrees to 1e-6 relative.
        assertEquals(objective(d.out()), objective(s.out()), 1e-6 * objective(d.out()));
        SoftmaxSimdCliTest.Run predicted = SoftmaxSimdCliTest.run("predict", "--model", sparse.toString(), "--data",
                test.toString(), "--sparse");
        assertEquals(0, predicted.status(), predicted.err());
        assertEquals(List.of("cat", "dog", "owl", "cat"), predicted.out().lines().limit(4).toList());
        SoftmaxSimdCliTest.Run evaluated = SoftmaxSimdCliTest.run("evaluate", "--model", sparse.toString(), "--data",
                test.toString(), "--sparse");
        assertTrue(evaluated.out().contains("accuracy  1.0000 (60 correct)"), evaluated.out() + evaluated.err());
        SoftmaxSimdCliTest.Run sgd = SoftmaxSimdCliTest.run("train", "--data", train.toString(), "--sparse",
                "--optimizer", "sgd", "--epochs", "5", "--learning-rate", "0.1", "--model-out", sparse.toString());
        assertEquals(0, sgd.status(), sgd.err());
        assertTrue(sgd.out().contains("train accuracy   1.0000"), sgd.out());
        SoftmaxSimdCliTest.Run csv = SoftmaxSimdCliTest.run("train", "--data", write("x.csv", 30, true, 4).toString(),
                "--label-column", "animal", "--sparse", "--model-out", sparse.toString());
        assertEquals(1, csv.status());
        assertTrue(csv.err().contains("--sparse reads LIBSVM files, not csv"), csv.err());
    }

    private static double objective(String out) {
        return out.lines().filter(l -> l.startsWith("objective J")).mapToDouble(l -> Double.parseDouble(
                l.substring("objective J".length()).trim())).findFirst().orElseThrow();
    }

    @Test
    void csvWithANamedLabelColumn() throws IOException {
        Path train = write("train.csv", 300, true, 3);
        Path model = dir.resolve("csv.smx");
        SoftmaxSimdCliTest.Run trained = SoftmaxSimdCliTest.run("train", "--data", train.toString(),
                "--label-column", "animal", "--model-out", model.toString());
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("train accuracy   1.0000"), trained.out());
        SoftmaxSimdCliTest.Run predicted = SoftmaxSimdCliTest.run("predict", "--model", model.toString(), "--data",
                train.toString(), "--label-column", "animal");
        assertEquals(List.of("cat", "dog", "owl"), predicted.out().lines().limit(3).toList(), predicted.err());
    }

    @Test
    void badTextFilesAreOneLineErrors() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.libsvm"), "cat 1:1\ndog 0:2\n");
        SoftmaxSimdCliTest.Run run = SoftmaxSimdCliTest.run("train", "--data", bad.toString(), "--model-out",
                dir.resolve("m").toString());
        assertEquals(1, run.status());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("bad.libsvm:2:5: index 0 (indices are 1-based)"), run.err());
        Path one = Files.writeString(dir.resolve("one.csv"), "1,2\n1,3\n");
        run = SoftmaxSimdCliTest.run("train", "--data", one.toString(), "--model-out", dir.resolve("m").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("one class ([1])"), run.err());
    }
}
