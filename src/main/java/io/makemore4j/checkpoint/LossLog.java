package io.makemore4j.checkpoint;

import io.makemore4j.config.EnvironmentException;
import io.makemore4j.train.TrainingListener;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code loss.csv}: one row per step (step, training loss, learning rate, validation loss where
 * measured, training seconds so far across resumes, and the Unix time of the row), appended as
 * training goes and flushed at every checkpoint; on resume it is cut back to the checkpoint's step
 * (a half-written last row, left by a killed process, is dropped) and its clock continues from the
 * last kept row ({@link LossRows} reads and checks it, as a stream). Also keeps points in memory
 * for {@link LossPlot}: every one up to {@link #MAX_POINTS}, evenly thinned beyond.
 */
public final class LossLog implements TrainingListener, AutoCloseable {

    static final String[] HEADER = {"step", "loss", "lr", "val_loss", "elapsed_s", "wall_time"};
    /** Points kept in memory for the plot, before they are thinned. */
    static final int MAX_POINTS = 50_000;

    /**
     * One row of the log.
     *
     * @param valLoss  NaN where validation was not measured
     * @param elapsedS seconds of training of the run up to this step, across resumes (NaN when unknown)
     * @param wallTime Unix time of the row in seconds (NaN when unknown)
     */
    public record Point(int step, double loss, double lr, double valLoss, double elapsedS, double wallTime) {
    }

    private final Path file;
    private final List<Point> points = new ArrayList<>();
    private final double elapsedBefore;   // training seconds of the rows kept from earlier sessions
    private final long openedNanos = System.nanoTime();
    private Point pending;
    private double elapsed;   // training seconds of the run up to the last row
    private int stride = 1;   // the points kept are those whose step is a multiple
    private CSVPrinter printer;

    /**
     * Opens the log of a run, keeping the rows up to {@code upToStep} (0 for a new run) and dropping
     * any written after it (a resumed run repeats those steps).
     */
    public LossLog(Path file, int upToStep) {
        this.file = file;
        Point[] last = {null};
        AtomicFiles.write(file, out -> {
            var w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
                LossRows.forEach(file, point -> {   // streamed from the old file into its replacement
                    if (point.step() <= upToStep) {
                        try {
                            print(p, point);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        keep(point);
                        last[0] = point;
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        });
        elapsedBefore = last[0] == null || Double.isNaN(last[0].elapsedS()) ? 0 : last[0].elapsedS();
        elapsed = elapsedBefore;
        try {
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
        } catch (IOException e) {
            throw EnvironmentException.of("open", file, e);
        }
    }

    /**
     * Keeps a point for the plot: all of them up to {@link #MAX_POINTS}, then every second one, every
     * fourth..., so that a run of millions of steps holds a bounded number in memory.
     */
    private void keep(Point point) {
        if (point.step() % stride == 0) {
            points.add(point);
        }
        if (points.size() >= 2 * MAX_POINTS) {
            stride *= 2;
            points.removeIf(p -> p.step() % stride != 0);
        }
    }

    /** The complete rows of a log, checked ({@link LossRows}); none when the file does not exist. */
    public static List<Point> read(Path file) {
        return LossRows.read(file);
    }

    /** The rows so far, including the one not yet written. */
    public List<Point> points() {
        List<Point> all = new ArrayList<>(points);
        if (pending != null) {
            all.add(pending);
        }
        return all;
    }

    /** Seconds of training of the run up to the last row, across resumes: its {@code elapsed_s}. */
    public double elapsedSeconds() {
        return elapsed;
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        writePending();
        elapsed = elapsedBefore + (System.nanoTime() - openedNanos) / 1e9;
        pending = new Point(step, loss, learningRate, Double.NaN, elapsed, System.currentTimeMillis() / 1e3);
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        if (pending != null && pending.step() == step) {
            pending = new Point(step, pending.loss(), pending.lr(), valLoss, pending.elapsedS(), pending.wallTime());
        }
    }

    @Override
    public void onCheckpoint(int step, ComputationGraph graph) {
        flush();
    }

    /** Writes everything received so far to disk. */
    public void flush() {
        writePending();
        try {
            printer.flush();
        } catch (IOException e) {
            throw EnvironmentException.of("write", file, e);
        }
    }

    @Override
    public void close() {
        flush();
        try {
            printer.close();
        } catch (IOException e) {
            throw EnvironmentException.of("write", file, e);
        }
    }

    private void writePending() {
        if (pending == null) {
            return;
        }
        try {
            print(printer, pending);
        } catch (IOException e) {
            throw EnvironmentException.of("write", file, e);
        }
        keep(pending);
        pending = null;
    }

    private static void print(CSVPrinter p, Point point) throws IOException {
        p.printRecord(point.step(), format(point.loss()), format(point.lr()),
                Double.isNaN(point.valLoss()) ? "" : format(point.valLoss()),
                Double.isNaN(point.elapsedS()) ? "" : String.format(Locale.ROOT, "%.3f", point.elapsedS()),
                Double.isNaN(point.wallTime()) ? "" : String.format(Locale.ROOT, "%.3f", point.wallTime()));
    }


    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
