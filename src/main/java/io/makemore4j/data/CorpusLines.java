package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The raw items of a corpus text, streamed with the line each starts on: its lines ({@code lines}
 * format), or the {@code data.column} cell of each record ({@code csv}).
 */
final class CorpusLines {

    private CorpusLines() {
    }

    /** Receives each raw item (not yet trimmed or checked) with its 1-based line. */
    @FunctionalInterface
    interface Sink {
        void accept(int line, String raw);
    }

    /** Every line of the text, split at LF; a CR before the LF stays with the line (trimmed later as whitespace). */
    static void lines(Reader text, Sink sink) {
        char[] buffer = new char[CorpusText.CHUNK];
        StringBuilder line = new StringBuilder();
        int number = 1;
        try {
            for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line.append(buffer, start, i - start);
                        sink.accept(number++, line.toString());
                        line.setLength(0);
                        start = i + 1;
                    }
                }
                line.append(buffer, start, n - start);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.accept(number, line.toString());
    }

    /** The {@code data.column} cell of every CSV record, with the line the record starts on. */
    static void csvCells(Reader text, DataConfig config, String where, Sink sink) {
        CSVFormat format = config.header()
                ? CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                : CSVFormat.DEFAULT;
        LineCounter lines = new LineCounter(text);
        try (CSVParser parser = CSVParser.parse(lines, format)) {
            int column = columnIndex(config, parser.getHeaderMap(), where);
            for (CSVRecord record : parser) {
                int line = lines.lineAt(record.getCharacterPosition());
                if (column >= record.size()) {
                    throw new BadInputException(String.format(
                            "%s line %d: has no column %d (data.column); the record has %d", where, line, column,
                            record.size()));
                }
                sink.accept(line, record.get(column));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new BadInputException(where + ": not valid CSV (" + oneLine(e.getMessage()) + ")", e);
        }
    }

    /** Resolves {@code data.column}: a header name, or a 0-based index when there is no header. */
    private static int columnIndex(DataConfig config, Map<String, Integer> header, String where) {
        String column = config.column();
        if (config.header()) {
            Integer index = header.get(column);
            if (index == null) {
                throw new BadInputException(String.format("data.column '%s' is not a column of %s; its header has: %s",
                        column, where, String.join(", ", header.keySet())));
            }
            return index;
        }
        try {
            int index = Integer.parseInt(column.strip());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(String.format(
                "data.column '%s' must be a 0-based column index when data.header is false", column));
    }

    /**
     * Passes the text through to the CSV parser and remembers where its line feeds are, so that the
     * character offset of a record (visited in increasing order) gives its 1-based line, although the
     * parser reads ahead of the record it returns. Holds only the line feeds read ahead.
     */
    private static final class LineCounter extends FilterReader {
        private long[] feeds = new long[64];   // offsets of the line feeds read and not yet passed, a ring
        private int head;
        private int count;
        private long offset;                   // characters read so far
        private int line = 1;

        LineCounter(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            for (int i = 0; i < n; i++) {
                if (buffer[off + i] == '\n') {
                    push(offset + i);
                }
            }
            offset += Math.max(n, 0);
            return n;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        int lineAt(long position) {
            while (count > 0 && feeds[head] < position) {
                head = (head + 1) % feeds.length;
                count--;
                line++;
            }
            return line;
        }

        private void push(long feed) {
            if (count == feeds.length) {
                long[] grown = new long[feeds.length * 2];
                for (int i = 0; i < count; i++) {
                    grown[i] = feeds[(head + i) % feeds.length];
                }
                feeds = grown;
                head = 0;
            }
            feeds[(head + count++) % feeds.length] = feed;
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
