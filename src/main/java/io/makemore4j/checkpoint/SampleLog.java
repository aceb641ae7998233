package io.makemore4j.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.makemore4j.config.EnvironmentException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code samples-during-training.jsonl}: the items sampled every {@code train.sample_every} steps,
 * one JSON object a line, {@code {"step":200,"items":["emma","lio"]}}, appended and flushed as each
 * is drawn. As {@code loss.csv}, on resume it is cut back to the checkpoint's step (the resumed run
 * draws those steps' samples again), and a line that does not parse (the half-written last line of
 * a killed process) is dropped.
 */
public final class SampleLog implements AutoCloseable {

    /** The file's name in a run directory. */
    public static final String FILE = "samples-during-training.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The items drawn at one step. */
    public record Entry(int step, List<String> items) {
        public Entry {
            items = List.copyOf(items);
        }
    }

    private final Path file;
    private final BufferedWriter writer;

    /** Opens the log of a run, keeping the entries up to {@code upToStep} (0 for a new run). */
    public SampleLog(Path file, int upToStep) {
        this.file = file;
        List<Entry> kept = read(file).stream().filter(e -> e.step() <= upToStep).toList();
        AtomicFiles.write(file, out -> {
            for (Entry e : kept) {
                out.write(line(e).getBytes(StandardCharsets.UTF_8));
            }
        });
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw EnvironmentException.of("open", file, e);
        }
    }

    /** Appends the items drawn at {@code step} and flushes them. */
    public void append(int step, List<String> items) {
        try {
            writer.write(line(new Entry(step, items)));
            writer.flush();
        } catch (IOException e) {
            throw EnvironmentException.of("write", file, e);
        }
    }

    /** The complete entries of a log, in the order written; none when the file does not exist. */
    public static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(text -> parse(text).ifPresent(entries::add));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw EnvironmentException.of("read", file, e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        return entries;
    }

    private static Optional<Entry> parse(String text) {
        try {
            return Optional.of(JSON.readValue(text, Entry.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();   // a line cut short by a kill (or without its items)
        }
    }

    private static String line(Entry e) {
        try {
            return JSON.writeValueAsString(e) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a list of strings always serialises", ex);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw EnvironmentException.of("write", file, e);
        }
    }
}
