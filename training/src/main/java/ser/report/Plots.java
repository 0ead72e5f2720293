package ser.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import ser.io.AtomicFiles;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNG figures of a run: training curves, the confusion matrix and the reliability diagram. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** One point per epoch of each named series, e.g. train loss, dev UA. */
    public static void curves(Path png, List<Integer> epochs, List<String> names, List<List<Double>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Training").xAxisTitle("epoch").build();
        for (int i = 0; i < names.size(); i++) {
            chart.addSeries(names.get(i), epochs, series.get(i));
        }
        save(chart, png);
    }

    /** Rows are true classes, columns predicted; each cell is the share of its row. */
    public static void confusion(Path png, Metrics metrics) throws IOException {
        int k = metrics.labels().size();
        HeatMapChart chart = new HeatMapChartBuilder().width(700).height(600)
                .title(String.format("Confusion (row %%): WA %.1f %%, UA %.1f %%", 100 * metrics.wa(), 100 * metrics.ua()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            int support = 0;
            for (int p = 0; p < k; p++) {
                support += metrics.confusion()[t][p];
            }
            for (int p = 0; p < k; p++) {
                double share = support == 0 ? 0 : 100.0 * metrics.confusion()[t][p] / support;
                cells.add(new Number[] {p, k - 1 - t, Math.round(share)});
            }
        }
        List<String> reversed = new ArrayList<>(metrics.labels());
        java.util.Collections.reverse(reversed);
        chart.addSeries("share", metrics.labels(), reversed, cells);
        save(chart, png);
    }

    /** Accuracy against mean confidence per bin, beside the diagonal of perfect calibration. */
    public static void reliability(Path png, Calibration calibration, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(600).height(600)
                .title(String.format("%s: ECE %.3f", title, calibration.ece() == null ? Double.NaN : calibration.ece()))
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.addSeries("perfectly calibrated", List.of(0.0, 1.0), List.of(0.0, 1.0));
        List<Double> confidence = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (Calibration.Bin bin : calibration.bins()) {
            if (bin.clips() > 0) {
                confidence.add(bin.confidence());
                accuracy.add(bin.accuracy());
            }
        }
        if (!confidence.isEmpty()) {
            chart.addSeries("per bin of " + Calibration.BINS, confidence, accuracy);
        }
        save(chart, png);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) throws IOException {
        AtomicFiles.replace(png, tmp -> BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG), ".png");
    }
}
