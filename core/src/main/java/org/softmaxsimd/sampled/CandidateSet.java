package org.softmaxsimd.sampled;

import org.softmaxsimd.internal.Checks;

/**
 * Explicit candidates for {@link SampledSoftmax}: the sampled class ids shared by a batch, and the log expected
 * counts (log Q) that the loss subtracts from their logits and from the logits of the true labels. Without a
 * correction both log-Q arrays are null. The arrays are used as given, not copied: do not change them during a
 * call.
 *
 * @param ids       the sampled classes, each in [0, classes) of the loss (checked at the call)
 * @param logQ      log Q of each id ({@code ids.length} values), or null for no correction
 * @param labelLogQ log Q of each true label of the batch (at least rows × numTrue values, example-major), or
 *                  null exactly when logQ is null
 */
public record CandidateSet(int[] ids, float[] logQ, float[] labelLogQ) {

    /**
     * Checks that ids is not null and that the log-Q arrays are both given, of the right length, or both null.
     *
     * @param ids the sampled classes, each in [0, classes) of the loss (checked at the call)
     * @param logQ log Q of each id ({@code ids.length} values), or null for no correction
     * @param labelLogQ log Q of each true label of the batch (at least rows × numTrue values, example-major), or
     */
    public CandidateSet {
        Checks.notNull("ids", ids);
        if ((logQ == null) != (labelLogQ == null)) {
            throw new IllegalArgumentException("logQ and labelLogQ must both be given or both be null");
        }
        if (logQ != null && logQ.length != ids.length) {
            throw new IllegalArgumentException("logQ.length (" + logQ.length + ") must equal ids.length ("
                    + ids.length + ")");
        }
    }

    /**
     * Candidates without the log-Q correction.
     *
     * @param ids the sampled classes
     * @return the candidate set, without log-Q values
     */
    public static CandidateSet withoutCorrection(int[] ids) {
        return new CandidateSet(ids, null, null);
    }

    /**
     * The candidates of the last draw of {@code sampler} and, when {@code logQCorrection}, the log expected counts
     * of each candidate and of each of the {@code count} true labels (as {@link SampledSoftmax} computes them for
     * a draw).
     *
     * @param sampler        the sampler that made the draw
     * @param drawn          its last draw
     * @param labels         the batch's true labels at {@code labelsOffset}
     * @param labelsOffset   index in {@code labels} of the first
     * @param count          how many true labels (rows × numTrue)
     * @param logQCorrection whether to compute the log-Q values (else both are null)
     * @return the candidate set
     */
    public static CandidateSet fromDraw(CandidateSampler sampler, Candidates drawn, int[] labels, int labelsOffset,
                                        int count, boolean logQCorrection) {
        Checks.notNull("sampler", sampler);
        Checks.notNull("drawn", drawn);
        Checks.labels("labels", labels, labelsOffset, count, sampler.range());
        int[] ids = new int[drawn.size()];
        drawn.copyTo(ids, 0);
        if (!logQCorrection) {
            return withoutCorrection(ids);
        }
        float[] logQ = new float[ids.length];
        for (int j = 0; j < ids.length; j++) {
            logQ[j] = (float) Math.log(sampler.expectedCount(ids[j], drawn));
        }
        float[] labelLogQ = new float[count];
        for (int t = 0; t < count; t++) {
            labelLogQ[t] = (float) Math.log(sampler.expectedCount(labels[labelsOffset + t], drawn));
        }
        return new CandidateSet(ids, logQ, labelLogQ);
    }
}
