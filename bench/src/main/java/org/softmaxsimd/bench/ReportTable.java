package org.softmaxsimd.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The comparison table: one row per benchmark method and shape, with ns/element of the scalar and the
 * panama path (JMH score / elements of the shape), the speed-up (scalar / panama, measured in the same run),
 * a JVM peer measured in the same run where a benchmark without an {@code impl} parameter has the same
 * method name and shape, and the allocation per operation from {@code -prof gc}.
 */
final class ReportTable {
    private ReportTable() {
    }

    /** Table rows sort by kernel, then by shape size. */
    private record Key(String method, long elements, String shape) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = method.compareTo(o.method);
            if (c != 0) {
                return c;
            }
            return elements != o.elements ? Long.compare(elements, o.elements) : shape.compareTo(o.shape);
        }
    }

    /** Scores of one method and shape, per implementation. */
    private static final class Row {
        double scalarNs = Double.NaN;
        double panamaNs = Double.NaN;
        double panamaBytes = Double.NaN;
        double scalarBytes = Double.NaN;
        double peerNs = Double.NaN;
    }

    static String render(List<RunResult> results) {
        Map<Key, Row> rows = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String shape = r.getParams().getParam("shape");
            String impl = r.getParams().getParam("impl");
            long elements = Shape.parse(shape).elements();
            double nsPerElement = r.getPrimaryResult().getScore() / elements;
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = alloc == null ? Double.NaN : alloc.getScore();
            Row row = rows.computeIfAbsent(new Key(method, elements, shape), k -> new Row());
            if (impl == null) {
                row.peerNs = nsPerElement;
            } else if (impl.equals("scalar")) {
                row.scalarNs = nsPerElement;
                row.scalarBytes = bytes;
            } else {
                row.panamaNs = nsPerElement;
                row.panamaBytes = bytes;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| kernel | shape | scalar ns/el | panama ns/el | speed-up | JVM peer ns/el | scalar B/op | panama B/op |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Key, Row> e : rows.entrySet()) {
            Row row = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.1f× | %s | %.2f | %.2f |%n",
                    e.getKey().method(), e.getKey().shape(), row.scalarNs, row.panamaNs, row.scalarNs / row.panamaNs,
                    Double.isNaN(row.peerNs) ? "" : String.format(Locale.ROOT, "%.3f", row.peerNs),
                    row.scalarBytes, row.panamaBytes));
        }
        return sb.toString();
    }
}
