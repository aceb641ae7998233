package io.makemore4j.report;

import java.util.List;
import java.util.Locale;

/**
 * The loss curves of one or more runs as an inline SVG: each run's mean training loss as a line and
 * its validation losses as dots on a dashed line, in the run's colour, over shared axes. Every
 * element carries {@code data-run} (and each dot {@code data-step} and {@code data-val}), so that a
 * browser test can read the chart's numbers back.
 */
final class SvgChart {

    /** One colour per run, in order (repeating after ten). */
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"};

    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    private final double xMax;
    private final double yMin;
    private final double yMax;

    private SvgChart(double xMax, double yMin, double yMax) {
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    /** The chart of {@code runs} (damaged ones, without curves, are left out); a note when no run has a loss yet. */
    static String of(List<RunSummary> runs) {
        double xMax = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (RunSummary r : runs) {
            if (r.curve() == null) {
                continue;
            }
            xMax = Math.max(xMax, r.curve().lastStep());
            for (List<LossCurve.Point> series : List.of(r.curve().trainMeans(), r.curve().validation())) {
                for (LossCurve.Point p : series) {
                    if (Double.isFinite(p.loss())) {
                        lo = Math.min(lo, p.loss());
                        hi = Math.max(hi, p.loss());
                    }
                }
            }
        }
        if (lo > hi) {
            return "<p class=\"empty\" id=\"loss-chart\">no losses logged yet</p>\n";
        }
        double pad = Math.max(1e-3, (hi - lo) * 0.05);
        return new SvgChart(xMax, Math.max(0, lo - pad), hi + pad).draw(runs);
    }

    private String draw(List<RunSummary> runs) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"loss-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"loss curves\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        axes(svg);
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            if (r.curve() != null) {
                series(svg, r, COLOURS[i % COLOURS.length]);
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axes(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>%n",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (double t : ticks(0, xMax)) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>%n",
                    x(t), TOP, x(t), HEIGHT - BOTTOM, x(t), HEIGHT - BOTTOM + 16, String.format(Locale.ROOT, "%,.0f", t)));
        }
        for (double t : ticks(yMin, yMax)) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>%n",
                    LEFT, y(t), WIDTH - RIGHT, y(t), LEFT - 6, y(t) + 4, trim(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">step</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" "
                + "transform=\"rotate(-90 14 %d)\">loss (nats)</text>%n", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2));
    }

    private void series(StringBuilder svg, RunSummary r, String colour) {
        String run = Html.escape(r.name());
        svg.append(String.format(Locale.ROOT, "<polyline class=\"train-mean\" data-run=\"%s\" data-window=\"%d\" fill=\"none\" "
                + "stroke=\"%s\" stroke-width=\"1.6\" points=\"%s\"/>%n", run, r.curve().window(), colour, points(r.curve().trainMeans())));
        svg.append(String.format(Locale.ROOT, "<g class=\"val\" data-run=\"%s\" fill=\"%s\">%n", run, colour));
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-dasharray=\"4 3\" points=\"%s\"/>%n",
                colour, points(r.curve().validation())));
        for (LossCurve.Point p : r.curve().validation()) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" data-step=\"%d\" data-val=\"%s\">"
                    + "<title>%s step %d: val %s</title></circle>%n", x(p.step()), y(p.loss()), (long) p.step(), Html.value(p.loss()),
                    run, (long) p.step(), Numbers.loss(p.loss())));
        }
        svg.append("</g>\n");
    }

    private String points(List<LossCurve.Point> points) {
        StringBuilder out = new StringBuilder();
        for (LossCurve.Point p : points) {
            if (Double.isFinite(p.loss())) {
                out.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.step()), y(p.loss())));
            }
        }
        return out.toString().strip();
    }

    private double x(double step) {
        return LEFT + step / xMax * (WIDTH - LEFT - RIGHT);
    }

    private double y(double loss) {
        return TOP + (yMax - loss) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    /** About five round tick values between {@code lo} and {@code hi}. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : raw / magnitude < 7.5
                ? 5 * magnitude : 10 * magnitude;
        double first = Math.ceil(lo / step) * step;
        int n = (int) Math.floor((hi - first) / step) + 1;
        double[] ticks = new double[Math.max(0, n)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceFirst("\\.?0+$", "");
    }
}
