package org.softmaxsimd.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.softmaxsimd.train.Progress;
import org.softmaxsimd.train.ProgressListener;

/** Prints one line of training progress per iteration (L-BFGS) or epoch (SGD), with the training accuracy. */
final class ProgressPrinter implements ProgressListener {

    private final PrintWriter out;
    private final String unit;

    ProgressPrinter(PrintWriter out, String unit) {
        this.out = out;
        this.unit = unit;
    }

    @Override
    public void onProgress(Progress p) {
        String gradient = Double.isNaN(p.gradientNorm()) ? "-"
                : String.format(Locale.ROOT, "%.2e", p.gradientNorm());
        String accuracy = Double.isNaN(p.accuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", p.accuracy());
        out.println(String.format(Locale.ROOT,
                "%s %5d  J %.10f  |g|inf %-8s  step %-9.3g  train acc %-6s  %,.0f examples/s  %.2f s", unit,
                p.iteration(), p.value(), gradient, p.step(), accuracy, p.examplesPerSecond(), p.elapsedSeconds()));
        out.flush();
    }
}
