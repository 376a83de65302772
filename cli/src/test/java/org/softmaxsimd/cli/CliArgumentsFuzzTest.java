package org.softmaxsimd.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the command line's argument handling (Jazzer): whatever the arguments, {@code softmax-simd} ends with
 * status 0, 1 (a failure it explains in one line) or 2 (a usage error), and never with an exception it did not
 * expect. The CLI turns every exception into one line; an unexpected one shows there as its class name
 * ({@code error: ArithmeticException: …}), which is the finding this target looks for.
 */
class CliArgumentsFuzzTest {

    /** The one-line form of an exception the command line did not anticipate (SoftmaxSimdCli.describe). */
    private static final Pattern UNEXPECTED = Pattern.compile("error: [A-Za-z]+(Exception|Error):");

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"train", "evaluate", "predict", "--data", "--model", "--model-out", "--lambda", "--optimizer",
            "sgd", "lbfgs", "--epochs", "--batch-size", "--learning-rate", "--momentum", "--nesterov", "--threads",
            "--max-iterations", "--memory", "--split", "test", "--bias", "--no-bias", "--pivot", "--seed",
            "--summary-json", "--help", "--version", "1e-3", "-1", "0", "NaN", "Infinity", "2147483648"})
    void parseAndRun(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        int count = data.consumeInt(0, 12);
        for (int i = 0; i < count; i++) {
            args.add(data.consumeString(40));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SoftmaxSimdCli.execute(args.toArray(new String[0]), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertTrue(status == 0 || status == 1 || status == 2, "exit status " + status + " for " + args);
        assertFalse(UNEXPECTED.matcher(err.toString()).find(), "unexpected exception for " + args + ": " + err);
    }
}
