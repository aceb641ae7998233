package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.config.InputFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of a {@code loss.csv}, read as a stream (a log of millions of steps is never held whole)
 * and checked as they come: the header, every cell a number where one belongs, steps increasing. A
 * problem is a {@link BadInputException} naming the file, the line and the column. A half-written
 * last row, left by a process killed while appending (the file does not end in a newline), is
 * dropped. Logs written before the time columns existed are read, their times as unknown (NaN).
 */
public final class LossRows {

    /** Reads the header from the file itself, so that logs with fewer columns still parse. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private LossRows() {
    }

    /** Every complete row of {@code file} (none when it does not exist). */
    public static List<LossLog.Point> read(Path file) {
        List<LossLog.Point> rows = new ArrayList<>();
        forEach(file, rows::add);
        return rows;
    }

    /** Checks every row of {@code file} (nothing when it does not exist); returns how many there are. */
    public static long check(Path file) {
        long[] rows = {0};
        forEach(file, row -> rows[0]++);
        return rows[0];
    }

    /** Hands each complete row of {@code file} to {@code each}, in order, checking it first. */
    public static void forEach(Path file, Consumer<LossLog.Point> each) {
        if (!Files.exists(file)) {
            return;
        }
        InputFiles.regularFile(file, "run file", Long.MAX_VALUE);
        boolean partialLast = !endsWithNewline(file);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = FORMAT.parse(in)) {
            checkHeader(file, parser.getHeaderNames());
            Iterator<CSVRecord> records = parser.iterator();
            int previous = -1;
            while (records.hasNext()) {
                CSVRecord r = records.next();
                if (partialLast && !records.hasNext()) {
                    break;   // written by a process killed in the middle of the row
                }
                LossLog.Point point = point(file, r);
                if (point.step() <= previous) {
                    throw new BadInputException(where(file, r) + "step " + point.step() + " after step " + previous
                            + " (steps must increase: the file was edited or damaged)");
                }
                previous = point.step();
                each.accept(point);
            }
        } catch (UncheckedIOException e) {
            throw malformed(file, e.getCause());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException("run file " + file + " is not a loss log: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw malformed(file, e);
        }
    }

    private static void checkHeader(Path file, List<String> header) {
        if (header.size() < 3 || !header.subList(0, 3).equals(List.of("step", "loss", "lr"))) {
            throw new BadInputException("run file " + file + " line 1: the header must begin with step,loss,lr, got "
                    + String.join(",", header) + " (the file was edited or damaged)");
        }
    }

    private static LossLog.Point point(Path file, CSVRecord r) {
        if (r.size() < 3) {
            throw new BadInputException(where(file, r) + "has " + r.size() + " columns, not at least step, loss and lr");
        }
        int step;
        try {
            step = Integer.parseInt(r.get("step"));
        } catch (NumberFormatException e) {
            throw new BadInputException(where(file, r) + "column step is not a whole number: '" + r.get("step") + "'");
        }
        if (step < 0) {
            throw new BadInputException(where(file, r) + "column step must be >= 0, got " + step);
        }
        return new LossLog.Point(step, number(file, r, "loss", false), number(file, r, "lr", false), number(file, r, "val_loss", true),
                number(file, r, "elapsed_s", true), number(file, r, "wall_time", true));
    }

    /** A column's number; NaN where an optional cell is empty or its column absent (older logs). */
    private static double number(Path file, CSVRecord r, String column, boolean optional) {
        String cell = r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
        if (cell.isEmpty() && optional) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new BadInputException(where(file, r) + "column " + column + " is not a number: '" + cell + "'");
        }
    }

    private static String where(Path file, CSVRecord r) {
        return "run file " + file + " line " + (r.getRecordNumber() + 1) + ": ";
    }

    private static boolean endsWithNewline(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) == '\n';
        } catch (IOException e) {
            throw EnvironmentException.of("read", file, e);
        }
    }

    private static RuntimeException malformed(Path file, IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return new BadInputException("run file " + file + " is not UTF-8 text (the file was damaged)");
        }
        return EnvironmentException.of("read", file, e);
    }
}
