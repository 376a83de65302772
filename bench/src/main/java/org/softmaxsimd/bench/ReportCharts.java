package org.softmaxsimd.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's two charts, as PNG files rendered headless with XChart: the SIMD/scalar speed-up of every
 * kernel and shape (bars), and the time of one training step against K for full and sampled softmax
 * (log-log lines).
 */
final class ReportCharts {
    private ReportCharts() {
    }

    /** Bars of scalar/panama per kernel and shape, from the kernel pairs of {@link PairedResult}. */
    static void speedups(Map<String, PairedResult> pairs, String title, Path file) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, PairedResult> e : pairs.entrySet()) {
            if (!e.getKey().startsWith("sampled.") && Double.isFinite(e.getValue().ratio())) {
                labels.add(e.getKey().replace('.', ' '));
                ratios.add(e.getValue().ratio());
            }
        }
        if (labels.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1400).height(720).title(title)
                .xAxisTitle("kernel and shape").yAxisTitle("speed-up, scalar time / SIMD time (×)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.0");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries("SIMD / scalar", labels, ratios);
        save(chart, file);
    }

    /** Full and sampled step time (µs) against K, log-log. */
    static void trainingSteps(List<Long> classes, List<Double> fullMicros, List<Double> sampledMicros, String title,
                              Path file) throws IOException {
        if (classes.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("classes K")
                .yAxisTitle("µs per SGD step (m = 32, d = 128)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries full = chart.addSeries("full softmax", classes, fullMicros);
        full.setMarker(SeriesMarkers.CIRCLE);
        XYSeries sampled = chart.addSeries("sampled softmax, S = 64", classes, sampledMicros);
        sampled.setMarker(SeriesMarkers.DIAMOND);
        save(chart, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
