package org.softmaxsimd.train;

/** Receives one {@link Progress} per iteration or epoch, on the training thread; must be quick. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = progress -> { };

    /**
     * Called after each iteration or epoch.
     *
     * @param progress the state after one iteration or epoch
     */
    void onProgress(Progress progress);
}
