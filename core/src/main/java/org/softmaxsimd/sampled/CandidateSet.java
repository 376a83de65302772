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
}
