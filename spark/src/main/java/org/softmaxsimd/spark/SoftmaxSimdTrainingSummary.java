package org.softmaxsimd.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a fit of {@link SoftmaxSimdClassifier} did: the objective after each L-BFGS iteration, the iteration and
 * evaluation counts, why L-BFGS stopped, and the kernel path and vector width that the executors reported.
 * Kept on the model returned by the fit; not saved with it (as MLlib's summaries).
 */
public final class SoftmaxSimdTrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] objectiveHistory;
    private final double[] secondsHistory;
    private final int totalIterations;
    private final long evaluations;
    private final String stopReason;
    private final List<String> executorKernels;
    private final double seconds;

    SoftmaxSimdTrainingSummary(double[] objectiveHistory, double[] secondsHistory, int totalIterations,
                               long evaluations, String stopReason, List<String> executorKernels, double seconds) {
        this.objectiveHistory = objectiveHistory.clone();
        this.secondsHistory = secondsHistory.clone();
        this.totalIterations = totalIterations;
        this.evaluations = evaluations;
        this.stopReason = stopReason;
        this.executorKernels = List.copyOf(executorKernels);
        this.seconds = seconds;
    }

    /**
     * The objective J(θ) at the start and after each iteration (as MLlib's {@code objectiveHistory}).
     *
     * @return a copy of the history, {@link #totalIterations()} + 1 values
     */
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /**
     * The wall time since the fit started (packing included) at each point of {@link #objectiveHistory()}.
     *
     * @return a copy, as long as the objective history
     */
    public double[] secondsHistory() {
        return secondsHistory.clone();
    }

    /** @return the L-BFGS iterations made */
    public int totalIterations() {
        return totalIterations;
    }

    /** @return the distributed evaluations of J and ∇J (one Spark job each) */
    public long evaluations() {
        return evaluations;
    }

    /** @return why L-BFGS stopped (the name of core's {@code Lbfgs.StopReason}) */
    public String stopReason() {
        return stopReason;
    }

    /**
     * The kernel paths the executors computed with, e.g. {@code [panama, 16 float lanes]}; more than one
     * means that some executors ran without {@code --add-modules=jdk.incubator.vector} or on another CPU.
     *
     * @return the distinct kernel descriptions, sorted
     */
    public List<String> executorKernels() {
        return executorKernels;
    }

    /** @return the wall time of the fit in seconds, packing included */
    public double seconds() {
        return seconds;
    }
}
