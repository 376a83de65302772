package org.softmaxsimd.spark;

/**
 * Hands a uid to a Spark ML stage while its Scala superclass constructor runs. The inherited params
 * (featuresCol, labelCol, …) are created in that constructor and ask the stage for its {@code uid()} before
 * any Java field is assigned, so the uid waits here, per thread, until the stage's own constructor takes it.
 */
final class ConstructionUid {

    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();
    private final String uid;

    private ConstructionUid(String uid) {
        this.uid = uid;
    }

    /** Holds {@code uid} for the constructor that is about to run on this thread. */
    static ConstructionUid hold(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be null or empty");
        }
        PENDING.set(uid);
        return new ConstructionUid(uid);
    }

    /** The uid of the stage being constructed on this thread (null when none is). */
    static String pending() {
        return PENDING.get();
    }

    /** Ends the hand-over and returns the uid. */
    String release() {
        PENDING.remove();
        return uid;
    }
}
