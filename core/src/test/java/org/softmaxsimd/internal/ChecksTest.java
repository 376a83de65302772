package org.softmaxsimd.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The shared checks at their exact boundaries (each bound allowed at its edge and rejected one past it), with
 * their messages: the facades' tests exercise them with comfortable margins, mutation testing showed the edges
 * were not pinned.
 */
class ChecksTest {

    @Test
    void sliceBoundaries() {
        float[] a = new float[10];
        assertDoesNotThrow(() -> Checks.slice("a", a, 10, 0));
        assertDoesNotThrow(() -> Checks.slice("a", a, 0, 10));
        assertDoesNotThrow(() -> Checks.slice("a", a, 4, 6));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Checks.slice("a", a, 5, 6));
        assertEquals("a: offset 5 + length 6 is outside [0, 10] (a.length = 10)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.slice("a", a, -1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.slice("a", a, 11, 0));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Checks.slice("a", a, 0, -1));
        assertEquals("a: length must be >= 0, but was -1", n.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.slice("i", new int[3], 1, 3));
        assertDoesNotThrow(() -> Checks.slice("i", new int[3], 0, 3));
    }

    @Test
    void shapesAndMatrices() {
        assertEquals(0, Checks.dimension("rows", 0));
        assertEquals(7, Checks.dimension("rows", 7));
        assertEquals(Integer.MAX_VALUE, Checks.size("rows", Integer.MAX_VALUE, "cols", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.size("rows", 65536, "cols", 32768));
        assertEquals("rows * cols = 2147483648 exceeds the largest array (2147483647)", e.getMessage());
        assertEquals(12, Checks.matrix("m", new float[13], 1, 3, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> Checks.matrix("m", new float[13], 2, 3, 4));
        assertEquals(5, Checks.atLeast("n", 5, 5));
        assertThrows(IllegalArgumentException.class, () -> Checks.atLeast("n", 4, 5));
    }

    @Test
    void finiteNonNegativeEdges() {
        assertEquals(0f, Checks.finiteNonNegative("l", 0f));
        assertEquals(Float.MAX_VALUE, Checks.finiteNonNegative("l", Float.MAX_VALUE));
        assertEquals(0.5f, Checks.finiteNonNegative("l", 0.5f));
        assertThrows(IllegalArgumentException.class, () -> Checks.finiteNonNegative("l", Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Checks.finiteNonNegative("l", -Float.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Checks.finiteNonNegative("l", Float.NaN));
        assertEquals(0.0, Checks.finiteNonNegative("l", 0.0));
        assertEquals(Double.MAX_VALUE, Checks.finiteNonNegative("l", Double.MAX_VALUE));
        assertEquals(0.25, Checks.finiteNonNegative("l", 0.25));
        assertThrows(IllegalArgumentException.class, () -> Checks.finiteNonNegative("l", Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Checks.finiteNonNegative("l", -Double.MIN_VALUE));
    }

    @Test
    void overlapEdges() {
        float[] a = new float[20];
        // Touching slices share no element: allowed; one element of overlap: rejected.
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 5, 5, "i", a, 10, 5));
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 10, 5, "i", a, 5, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.disjoint("o", a, 5, 6, "i", a, 10, 5));
        assertEquals("o [5, 11) overlaps i [10, 15): this output must not share elements with i", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.disjoint("o", a, 14, 1, "i", a, 10, 5));
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 5, 0, "i", a, 5, 5));
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 7, 0, "i", a, 5, 5), "an empty output inside the input");
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 5, 5, "i", a, 7, 0), "an empty input inside the output");
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 5, 5, "i", a, 5, 0));
        assertDoesNotThrow(() -> Checks.disjoint("o", a, 5, 5, "i", new float[20], 5, 5));
        assertDoesNotThrow(() -> Checks.disjoint("o", null, 5, 5, "i", a, 5, 5));

        assertDoesNotThrow(() -> Checks.inPlaceOrDisjoint("y", a, 3, "x", a, 3, 5));
        assertDoesNotThrow(() -> Checks.inPlaceOrDisjoint("y", a, 8, "x", a, 3, 5));
        assertDoesNotThrow(() -> Checks.inPlaceOrDisjoint("y", a, 3, "x", a, 8, 5));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> Checks.inPlaceOrDisjoint("y", a, 7, "x", a, 3, 5));
        assertEquals("y [7, 12) partially overlaps x [3, 8): use the same offset (in place) or disjoint slices",
                p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.inPlaceOrDisjoint("y", a, 3, "x", a, 7, 5));
        assertDoesNotThrow(() -> Checks.inPlaceOrDisjoint("y", a, 3, "x", a, 4, 0));
    }

    @Test
    void labelsAndNulls() {
        assertDoesNotThrow(() -> Checks.labels("labels", new int[] {0, 2}, 0, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.labels("labels", new int[] {9, 0, 3}, 1, 2, 3));
        assertEquals("labels[2] = 3 is outside [0, 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.labels("labels", new int[] {-1}, 0, 1, 3));
        assertDoesNotThrow(() -> Checks.labels("labels", new int[] {-100}, 0, 1, 3, -100, true));
        NullPointerException n = assertThrows(NullPointerException.class, () -> Checks.notNull("w", null));
        assertEquals("w must not be null", n.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Checks.sameLength("x", new float[2], "y", new float[3]));
        assertEquals("x.length (2) must equal y.length (3)", s.getMessage());
    }
}
