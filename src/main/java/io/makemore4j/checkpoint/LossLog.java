package io.makemore4j.checkpoint;

import io.makemore4j.train.TrainingListener;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code loss.csv}: one row per step (step, training loss, learning rate, validation loss where
 * measured), appended as training goes and flushed at every checkpoint; on resume it is cut back to
 * the checkpoint's step (a half-written last row, left by a killed process, is dropped). Also keeps
 * the points in memory for {@link LossPlot}.
 */
public final class LossLog implements TrainingListener, AutoCloseable {

    static final String[] HEADER = {"step", "loss", "lr", "val_loss"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true).get();

    /** One row of the log; {@code valLoss} is NaN where validation was not measured. */
    public record Point(int step, double loss, double lr, double valLoss) {
    }

    private final Path file;
    private final List<Point> points = new ArrayList<>();
    private Point pending;
    private CSVPrinter printer;

    /**
     * Opens the log of a run, keeping the rows up to {@code upToStep} (0 for a new run) and dropping
     * any written after it (a resumed run repeats those steps).
     */
    public LossLog(Path file, int upToStep) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // a process killed while appending can leave half a row at the end: it is after the checkpoint, drop it
                text = text.substring(0, text.lastIndexOf('\n') + 1);
                try (Reader in = new java.io.StringReader(text);
                     CSVParser parser = FORMAT.parse(in)) {
                    for (CSVRecord r : parser) {
                        int step = Integer.parseInt(r.get("step"));
                        if (step <= upToStep) {
                            points.add(new Point(step, Double.parseDouble(r.get("loss")), Double.parseDouble(r.get("lr")),
                                    r.get("val_loss").isEmpty() ? Double.NaN : Double.parseDouble(r.get("val_loss"))));
                        }
                    }
                } catch (RuntimeException e) {
                    throw new IOException("malformed " + file + ": " + e.getMessage(), e);
                }
            }
            AtomicFiles.write(file, out -> {
                var w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
                    for (Point point : points) {
                        print(p, point);
                    }
                }
            });
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
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
        pending = new Point(step, loss, learningRate, Double.NaN);
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        if (pending != null && pending.step() == step) {
            pending = new Point(step, pending.loss(), pending.lr(), valLoss);
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
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        flush();
        try {
            printer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private void writePending() {
        if (pending == null) {
            return;
        }
        try {
            print(printer, pending);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        points.add(pending);
        pending = null;
    }

    private static void print(CSVPrinter p, Point point) throws IOException {
        p.printRecord(point.step(), format(point.loss()), format(point.lr()),
                Double.isNaN(point.valLoss()) ? "" : format(point.valLoss()));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
