package io.makemore4j.checkpoint;

import io.makemore4j.config.EnvironmentException;
import io.makemore4j.train.TrainingListener;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
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
 * last kept row. Logs written before the time columns existed are read, their times as unknown (NaN).
 * Also keeps the points in memory for {@link LossPlot}.
 */
public final class LossLog implements TrainingListener, AutoCloseable {

    static final String[] HEADER = {"step", "loss", "lr", "val_loss", "elapsed_s", "wall_time"};
    /** Reads the header from the file itself, so that logs with fewer columns still parse. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

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
    private CSVPrinter printer;

    /**
     * Opens the log of a run, keeping the rows up to {@code upToStep} (0 for a new run) and dropping
     * any written after it (a resumed run repeats those steps).
     */
    public LossLog(Path file, int upToStep) {
        this.file = file;
        try {
            read(file).stream().filter(p -> p.step() <= upToStep).forEach(points::add);
            AtomicFiles.write(file, out -> {
                var w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
                    for (Point point : points) {
                        print(p, point);
                    }
                }
            });
            elapsedBefore = points.isEmpty() || Double.isNaN(points.get(points.size() - 1).elapsedS()) ? 0
                    : points.get(points.size() - 1).elapsedS();
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
        } catch (IOException e) {
            throw EnvironmentException.of("open", file, e);
        }
    }

    /**
     * The complete rows of a log (none when the file does not exist); a half-written last row, left
     * by a process killed while appending, is dropped.
     *
     * @throws IOException if the file cannot be read or a row does not parse
     */
    public static List<Point> read(Path file) throws IOException {
        List<Point> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        text = text.substring(0, text.lastIndexOf('\n') + 1);
        try (Reader in = new java.io.StringReader(text);
             CSVParser parser = FORMAT.parse(in)) {
            for (CSVRecord r : parser) {
                rows.add(new Point(Integer.parseInt(r.get("step")), Double.parseDouble(r.get("loss")), Double.parseDouble(r.get("lr")),
                        number(r, "val_loss"), number(r, "elapsed_s"), number(r, "wall_time")));
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The rows so far, including the one not yet written. */
    public List<Point> points() {
        List<Point> all = new ArrayList<>(points);
        if (pending != null) {
            all.add(pending);
        }
        return all;
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        writePending();
        double elapsed = elapsedBefore + (System.nanoTime() - openedNanos) / 1e9;
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
        points.add(pending);
        pending = null;
    }

    private static void print(CSVPrinter p, Point point) throws IOException {
        p.printRecord(point.step(), format(point.loss()), format(point.lr()),
                Double.isNaN(point.valLoss()) ? "" : format(point.valLoss()),
                Double.isNaN(point.elapsedS()) ? "" : String.format(Locale.ROOT, "%.3f", point.elapsedS()),
                Double.isNaN(point.wallTime()) ? "" : String.format(Locale.ROOT, "%.3f", point.wallTime()));
    }

    /** A column's number, NaN where the cell is empty or the column absent (older logs). */
    private static double number(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) && !r.get(column).isEmpty() ? Double.parseDouble(r.get(column)) : Double.NaN;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
