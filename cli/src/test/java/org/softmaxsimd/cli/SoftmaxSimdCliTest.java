package org.softmaxsimd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftmaxSimdCliTest {
    private static final String DATA = Path.of("..", "data", "mnist-10k").toString();

    @TempDir
    Path dir;

    /** Exit status, standard output and standard error of one run. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SoftmaxSimdCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static double jsonNumber(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsWithLbfgsThenEvaluatesAndPredicts() throws IOException {
        Path model = dir.resolve("model.bin");
        Path summary = dir.resolve("summary.json");
        Run train = run("train", "--data", DATA, "--lambda", "1e-2", "--max-iterations", "40", "--threads", "2",
                "--model-out", model.toString(), "--summary-json", summary.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("iteration     1  J "), train.out());
        assertTrue(train.out().contains("iteration    40  J "), "one progress line per iteration");
        assertTrue(Pattern.compile("iteration    40 .* train acc 0\\.[89]").matcher(train.out()).find(), train.out());
        String json = Files.readString(summary);
        double objective = jsonNumber(json, "objective");
        assertTrue(objective > 0.5 && objective < 0.6, json);
        assertEquals(40, (int) jsonNumber(json, "iterations"));
        assertTrue(jsonNumber(json, "testAccuracy") > 0.85, json);
        assertTrue(jsonNumber(json, "trainAccuracy") > 0.85, json);
        assertTrue(jsonNumber(json, "seconds") > 0, json);
        assertTrue(jsonNumber(json, "examplesPerSecond") > 0, json);

        Run evaluate = run("evaluate", "--model", model.toString(), "--data", DATA);
        assertEquals(0, evaluate.status(), evaluate.err());
        Matcher accuracy = Pattern.compile("accuracy  ([0-9.]+)").matcher(evaluate.out());
        assertTrue(accuracy.find(), evaluate.out());
        assertEquals(jsonNumber(json, "testAccuracy"), Double.parseDouble(accuracy.group(1)), 1e-4);
        assertTrue(evaluate.out().contains("confusion matrix"), evaluate.out());

        Run predict = run("predict", "--model", model.toString(), "--data", DATA);
        assertEquals(0, predict.status(), predict.err());
        String[] lines = predict.out().split("\n");
        assertEquals(2000, lines.length);
        for (String line : lines) {
            assertTrue(line.matches("[0-9]"), line);
        }
    }

    @Test
    void trainsWithSgd() {
        Path model = dir.resolve("sgd.bin");
        Run train = run("train", "--data", DATA, "--optimizer", "sgd", "--epochs", "2", "--learning-rate", "0.1",
                "--no-bias", "--model-out", model.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("epoch     2  J "), train.out());
        assertTrue(Pattern.compile("epoch     2 .* train acc 0\\.[89]").matcher(train.out()).find(), train.out());
        assertTrue(train.out().contains("bias off"), train.out());
        assertTrue(Files.exists(model));
    }

    @Test
    void usageErrorsAreOneLineWithStatus2() {
        assertOneLineError(run("train", "--data", DATA), 2, "Missing required option: '--model-out=FILE'");
        assertOneLineError(run("train", "--data", DATA, "--model-out", "m", "--lambda", "-1"), 2,
                "--lambda must be finite and >= 0");
        assertOneLineError(run("train", "--data", DATA, "--model-out", "m", "--optimizer", "adam"), 2,
                "Invalid value for option '--optimizer'");
        assertOneLineError(run("train", "--data", DATA, "--model-out", "m", "--threads", "0"), 2,
                "--threads must be >= 1");
        assertOneLineError(run("train", "--data", DATA, "--model-out", "m", "--memory", "0"), 2,
                "--memory must be >= 1");
        assertOneLineError(run("frobnicate"), 2, "Unmatched argument");
        assertOneLineError(run(), 2, "a command is required");
    }

    @Test
    void missingOrCorruptFilesAreOneLineWithStatus1() throws IOException {
        Path model = dir.resolve("model.bin");
        assertOneLineError(run("train", "--data", dir.resolve("absent").toString(), "--model-out", model.toString()),
                1, "no such file");
        assertFalse(Files.exists(model), "no model after a failed run");
        Path corrupt = Files.write(dir.resolve("corrupt.bin"), new byte[] {'S', 'M', 'X', 'R', 0, 0, 0, 1, 1});
        assertOneLineError(run("evaluate", "--model", corrupt.toString(), "--data", DATA), 1, "too short");
        assertOneLineError(run("predict", "--model", dir.resolve("none.bin").toString(), "--data", DATA), 1,
                "no such file");
        Path badData = Files.createDirectory(dir.resolve("bad-data"));
        Files.write(badData.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        Files.write(badData.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        assertOneLineError(run("train", "--data", badData.toString(), "--model-out", model.toString()), 1,
                "truncated header");
    }

    private static void assertOneLineError(Run run, int status, String text) {
        assertEquals(status, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(text), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }
}
