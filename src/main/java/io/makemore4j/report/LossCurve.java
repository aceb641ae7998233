package io.makemore4j.report;

import io.makemore4j.checkpoint.LossRows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a view shows of a run's {@code loss.csv}, read in one streamed pass and bounded in size
 * whatever the run's length: the training loss averaged over windows of {@link #window()} steps,
 * the validation losses (evenly thinned beyond {@link #MAX_POINTS}), the lowest validation loss
 * with its step, the last step and its {@code elapsed_s}.
 *
 * @param window      steps averaged into one point of {@code trainMeans}
 * @param trainMeans  the mean training loss of each window, at the window's middle step
 * @param validation  the validation losses, at their steps
 * @param lastStep    the last step logged (0 when none)
 * @param elapsedS    that row's {@code elapsed_s}: training seconds across resumes (NaN when unknown)
 * @param lr          that row's learning rate (NaN when no row)
 * @param bestVal     the lowest validation loss (NaN when none was measured)
 * @param bestValStep its step (-1 when none)
 */
public record LossCurve(int window, List<Point> trainMeans, List<Point> validation, int lastStep, double elapsedS,
                        double lr, double bestVal, int bestValStep) {

    /** At most about this many points of each series are kept. */
    static final int MAX_POINTS = 1000;
    /** Windows of the mean curve over the steps planned. */
    static final int WINDOWS = 50;

    /** A point of a series: a loss at a step (a window's middle step for a mean). */
    public record Point(double step, double loss) {
    }

    /** The window for a run of {@code plannedSteps} steps: about {@link #WINDOWS} windows over the run. */
    public static int windowFor(long plannedSteps) {
        return (int) Math.max(1, (plannedSteps + WINDOWS - 1) / WINDOWS);
    }

    /** Reads {@code lossCsv} (checked as {@link LossRows} reads it) with means over {@code window} steps; empty when it is missing. */
    public static LossCurve read(Path lossCsv, int window) {
        Builder b = new Builder(window);
        LossRows.forEach(lossCsv, p -> b.add(p.step(), p.loss(), p.lr(), p.valLoss(), p.elapsedS()));
        return b.build();
    }

    /** Accumulates rows in step order. */
    private static final class Builder {
        private final int window;
        private final Thinned means = new Thinned();
        private final Thinned validation = new Thinned();
        private long bucket = -1;
        private double sum;
        private int count;
        private int firstStep;
        private int lastStep;
        private double elapsed = Double.NaN;
        private double lr = Double.NaN;
        private double best = Double.NaN;
        private int bestStep = -1;

        Builder(int window) {
            this.window = window;
        }

        void add(int step, double loss, double learningRate, double val, double elapsedS) {
            long b = Math.max(0, step - 1) / window;
            if (b != bucket) {
                closeBucket();
                bucket = b;
                firstStep = step;
            }
            sum += loss;
            count++;
            lastStep = step;
            elapsed = elapsedS;
            lr = learningRate;
            if (!Double.isNaN(val)) {
                validation.add(new Point(step, val));
                if (Double.isNaN(best) || val < best) {
                    best = val;
                    bestStep = step;
                }
            }
        }

        private void closeBucket() {
            if (count > 0) {
                means.add(new Point((firstStep + lastStep) / 2.0, sum / count));
            }
            sum = 0;
            count = 0;
        }

        LossCurve build() {
            closeBucket();
            return new LossCurve(window, means.points(), validation.points(), lastStep, elapsed, lr, best, bestStep);
        }
    }

    /** A series kept to at most about {@code 2 x MAX_POINTS} points: every other one is dropped each time it fills. */
    private static final class Thinned {
        private final List<Point> points = new ArrayList<>();
        private int stride = 1;
        private long seen;
        private Point last;

        void add(Point p) {
            last = p;
            if (seen++ % stride == 0) {
                points.add(p);
            }
            if (points.size() >= 2 * MAX_POINTS) {
                List<Point> kept = new ArrayList<>();
                for (int i = 0; i < points.size(); i += 2) {
                    kept.add(points.get(i));
                }
                points.clear();
                points.addAll(kept);
                stride *= 2;
            }
        }

        /** The points kept, and the last one added whether or not it was kept. */
        List<Point> points() {
            List<Point> all = new ArrayList<>(points);
            if (last != null && (all.isEmpty() || all.get(all.size() - 1) != last)) {
                all.add(last);
            }
            return List.copyOf(all);
        }
    }
}
