package io.makemore4j.report;

import io.makemore4j.checkpoint.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code compare.png}: the same curves as the report's chart ({@link SvgChart}: each run's mean
 * training loss as a line, its validation losses as dots) drawn headless with XChart, as
 * {@code loss.png} is, for terminals and READMEs.
 */
final class ComparePlot {

    private ComparePlot() {
    }

    /** Draws the curves of {@code runs} into {@code file} (atomically); nothing when no run has a loss. */
    static void draw(List<RunSummary> runs, Path file) {
        XYChart chart = new XYChartBuilder().width(900).height(540).title("makemore4j runs")
                .xAxisTitle("step").yAxisTitle("loss (cross-entropy, nats)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setMarkerSize(5);
        boolean any = false;
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            if (r.curve() == null || r.curve().trainMeans().isEmpty()) {
                continue;
            }
            Color colour = Color.decode(SvgChart.COLOURS[i % SvgChart.COLOURS.length]);
            XYSeries mean = chart.addSeries(r.name() + " train (mean of " + r.curve().window() + ")",
                    steps(r.curve().trainMeans()), losses(r.curve().trainMeans()));
            mean.setMarker(SeriesMarkers.NONE);
            mean.setLineColor(colour);
            mean.setLineStyle(new BasicStroke(1.6f));
            if (!r.curve().validation().isEmpty()) {
                XYSeries val = chart.addSeries(r.name() + " val", steps(r.curve().validation()), losses(r.curve().validation()));
                val.setMarker(SeriesMarkers.CIRCLE);
                val.setMarkerColor(colour);
                val.setLineColor(colour);
                val.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
            }
            any = true;
        }
        if (any) {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private static double[] steps(List<LossCurve.Point> points) {
        return points.stream().mapToDouble(LossCurve.Point::step).toArray();
    }

    private static double[] losses(List<LossCurve.Point> points) {
        return points.stream().mapToDouble(LossCurve.Point::loss).toArray();
    }
}
