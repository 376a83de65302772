package org.softmaxsimd.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping of a text file's label strings to class indices: either given (a test file read with the classes
 * of its training file), or built from the labels seen, in numeric order when they are all integers (so that
 * "0".."9" stay 0..9), else in lexicographic order.
 */
final class ClassNames {

    private final Map<String, Integer> fixed;
    private final Map<String, Integer> seen = new LinkedHashMap<>();

    private ClassNames(Map<String, Integer> fixed) {
        this.fixed = fixed;
    }

    /** Classes built from the labels of the file. */
    static ClassNames fromData() {
        return new ClassNames(null);
    }

    /** Classes given by name, in class order; a label outside them is an error. */
    static ClassNames given(List<String> names) {
        Map<String, Integer> map = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            map.put(names.get(k), k);
        }
        return new ClassNames(map);
    }

    /** A provisional id for the label (the final class with {@link #finish}); -1 when the label is unknown. */
    int id(String label) {
        if (fixed != null) {
            return fixed.getOrDefault(label, -1);
        }
        Integer id = seen.get(label);
        if (id == null) {
            id = seen.size();
            seen.put(label, id);
        }
        return id;
    }

    /** The class names, and rewrites the provisional ids in place into class indices. */
    List<String> finish(int[] ids, int count, List<String> givenNames) {
        if (fixed != null) {
            return givenNames;
        }
        List<String> names = new ArrayList<>(seen.keySet());
        boolean integers = names.stream().allMatch(ClassNames::isInteger);
        names.sort(integers ? Comparator.comparing(BigInteger::new) : Comparator.naturalOrder());
        int[] classOf = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            classOf[seen.get(names.get(k))] = k;
        }
        for (int i = 0; i < count; i++) {
            ids[i] = classOf[ids[i]];
        }
        return names;
    }

    private static boolean isInteger(String s) {
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
