package org.softmaxsimd.sampled;

/**
 * The result of one draw of candidates, reusable across draws so that sampling allocates nothing once it is
 * sized: the sampled class ids, how many draws ("tries") unique sampling needed, and the bookkeeping that
 * makes uniqueness checks O(1). Not thread-safe: one per thread.
 */
public final class Candidates {
    private int[] ids = new int[0];
    private int size;
    private int tries;
    private boolean unique;
    /** seen[k] == stamp marks class k as drawn in the current draw; bumping the stamp clears it in O(1). */
    private int[] seen = new int[0];
    private int stamp;

    /** An empty holder; it grows to the sizes it is used with. */
    public Candidates() {
    }

    /**
     * Number of candidates of the last draw.
     *
     * @return number of candidates of the last draw
     */
    public int size() {
        return size;
    }

    /**
     * The i-th candidate of the last draw, i in [0, size()).
     *
     * @param i the index, in [0, size())
     * @return the i-th candidate of the last draw, i in [0, size())
     */
    public int id(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("candidate " + i + " outside [0, " + size + ")");
        }
        return ids[i];
    }

    /**
     * Copies the candidates of the last draw into {@code out} at {@code offset}.
     *
     * @param out the array that receives the candidates
     * @param offset index in {@code out} of the first candidate written
     */
    public void copyTo(int[] out, int offset) {
        System.arraycopy(ids, 0, out, offset, size);
    }

    /**
     * Number of draws the last sampling made (equal to size() unless unique sampling rejected repeats).
     *
     * @return number of draws the last sampling made (equal to size() unless unique sampling rejected repeats)
     */
    public int tries() {
        return tries;
    }

    /**
     * Whether the last draw was unique (no repeats).
     *
     * @return {@code true} if the last draw was unique (no repeats)
     */
    public boolean unique() {
        return unique;
    }

    void start(int capacity, int range, boolean uniqueDraw) {
        if (ids.length < capacity) {
            ids = new int[capacity];
        }
        if (uniqueDraw) {
            if (seen.length < range) {
                seen = new int[range];
                stamp = 0;
            }
            if (++stamp == 0) {
                java.util.Arrays.fill(seen, 0);
                stamp = 1;
            }
        }
        size = 0;
        tries = 0;
        unique = uniqueDraw;
    }

    /** Records one draw; returns true if the class was kept (always, unless unique and already drawn). */
    boolean offer(int k) {
        tries++;
        if (unique) {
            if (seen[k] == stamp) {
                return false;
            }
            seen[k] = stamp;
        }
        ids[size++] = k;
        return true;
    }
}
