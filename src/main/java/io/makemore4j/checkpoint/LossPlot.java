package io.makemore4j.checkpoint;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loss.png}: the training loss per step (faint), its mean over each 1,000 steps, and the
 * validation points, drawn headless with XChart.
 */
public final class LossPlot {

    /** Steps averaged into one point of the mean curve. */
    static final int WINDOW = 1000;
    /** At most this many per-step points are drawn (evenly thinned beyond it). */
    private static final int MAX_RAW_POINTS = 20_000;

    private LossPlot() {
    }

    /** Draws {@code points} into {@code file} (atomically). Does nothing without points. */
    public static void draw(List<LossLog.Point> points, String title, Path file) {
        if (points.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title)
                .xAxisTitle("step").yAxisTitle("loss (cross-entropy, nats)").build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("0.0");

        addRaw(chart, points);
        addMeans(chart, points);
        addValidation(chart, points);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Every step's training loss (thinned to at most {@code MAX_RAW_POINTS} points), thin and light. */
    private static void addRaw(XYChart chart, List<LossLog.Point> points) {
        int stride = Math.max(1, points.size() / MAX_RAW_POINTS);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < points.size(); i += stride) {
            xs.add((double) points.get(i).step());
            ys.add(points.get(i).loss());
        }
        XYSeries raw = chart.addSeries("training loss (per step)", xs, ys);
        raw.setMarker(SeriesMarkers.NONE);
        raw.setLineColor(new Color(150, 180, 230));
        raw.setLineStyle(new BasicStroke(0.4f));
    }

    /** The mean training loss of each window of {@code WINDOW} steps, bold. */
    private static void addMeans(XYChart chart, List<LossLog.Point> points) {
        List<Double> mx = new ArrayList<>();
        List<Double> my = new ArrayList<>();
        double sum = 0;
        int n = 0;
        for (LossLog.Point p : points) {
            sum += p.loss();
            n++;
            if (p.step() % WINDOW == 0) {
                mx.add((double) p.step() - WINDOW / 2.0);
                my.add(sum / n);
                sum = 0;
                n = 0;
            }
        }
        if (!mx.isEmpty()) {
            XYSeries mean = chart.addSeries("training loss (mean of " + WINDOW + " steps)", mx, my);
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(new Color(20, 60, 160));
            mean.setLineStyle(new BasicStroke(2f));
        }
    }

    /** The validation losses, as circles. */
    private static void addValidation(XYChart chart, List<LossLog.Point> points) {
        List<Double> vx = new ArrayList<>();
        List<Double> vy = new ArrayList<>();
        for (LossLog.Point p : points) {
            if (!Double.isNaN(p.valLoss())) {
                vx.add((double) p.step());
                vy.add(p.valLoss());
            }
        }
        if (!vx.isEmpty()) {
            XYSeries val = chart.addSeries("validation loss", vx, vy);
            val.setMarker(SeriesMarkers.CIRCLE);
            val.setMarkerColor(new Color(200, 60, 30));
            val.setLineColor(new Color(200, 60, 30));
        }
    }
}
