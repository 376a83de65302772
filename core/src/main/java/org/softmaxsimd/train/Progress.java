package org.softmaxsimd.train;

/**
 * One iteration (L-BFGS) or epoch (SGD) of a trainer, as reported to a {@link ProgressListener}.
 *
 * @param iteration      1-based iteration or epoch number
 * @param evaluations    objective evaluations (L-BFGS) or mini-batch steps (SGD) so far
 * @param value          the objective J after this iteration (SGD: the mean mini-batch objective of the epoch)
 * @param gradientNorm   ‖∇J‖∞ at the new point (SGD: NaN, not computed)
 * @param step           the step length taken (L-BFGS: the line-search α; SGD: the learning rate)
 * @param accuracy       training accuracy at the new point (L-BFGS, from the objective's own logits) or over the
 *                       epoch's batches before each step (SGD); NaN when the trainer cannot know it
 * @param examplesSeen   examples processed so far (evaluations × rows for L-BFGS)
 * @param elapsedSeconds wall time since the trainer started
 */
public record Progress(int iteration, long evaluations, double value, double gradientNorm, double step,
                       double accuracy, long examplesSeen, double elapsedSeconds) {

    /**
     * Examples processed per second of wall time so far.
     *
     * @return the examples processed per second of wall time
     */
    public double examplesPerSecond() {
        return elapsedSeconds > 0 ? examplesSeen / elapsedSeconds : Double.NaN;
    }
}
