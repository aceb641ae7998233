package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a corpus file into a {@link Corpus}, rejecting anything that is not a clean list of items.
 *
 * <p>The file is UTF-8 (a leading byte-order mark is ignored). In the {@code lines} format each
 * line is one item; in the {@code csv} format each record's {@code data.column} is one item. Every
 * item is trimmed of surrounding whitespace; blank items are skipped; duplicates are kept; with
 * {@code data.lowercase} items are lower-cased (locale-independent). Lengths are counted in code
 * points, so a character outside the Basic Multilingual Plane counts once.
 *
 * <p>Every problem is a {@link BadInputException} whose one-line message names the file and, where
 * it applies, the line: a missing file, a directory, an empty file, a file of blank lines, bytes
 * that are not UTF-8, a control character (NUL included) inside an item, an item longer than
 * {@code data.max_length}, a CSV column that does not exist.
 */
public final class CorpusReader {

    private CorpusReader() {
    }

    /** Reads and checks the corpus that {@code config} names. */
    public static Corpus read(DataConfig config) {
        Path path = Path.of(config.path());
        String where = "corpus " + config.path();
        byte[] bytes = readBytes(path, where);
        if (bytes.length == 0) {
            throw new BadInputException(where + ": the file is empty");
        }
        String text = stripByteOrderMark(decodeUtf8(bytes, where));

        boolean csv = config.format() == DataConfig.Format.CSV;
        List<Line> lines = csv ? csvCells(text, config, where) : textLines(text);
        List<String> items = new ArrayList<>();
        int[] numbers = new int[lines.size()];
        for (Line line : lines) {
            String item = line.text().strip();
            if (item.isEmpty()) {
                continue;
            }
            numbers[items.size()] = line.number();
            items.add(checkedItem(item, config, where, line.number()));
        }
        if (items.isEmpty()) {
            throw new BadInputException(where + (csv
                    ? ": no items, data.column '" + config.column() + "' is blank in every record"
                    : ": no items, only blank lines"));
        }
        return new Corpus(path, items, sha256(bytes), java.util.Arrays.copyOf(numbers, items.size()));
    }

    /** One raw item with the 1-based line of the file it starts on. */
    private record Line(int number, String text) {
    }

    private static byte[] readBytes(Path path, String where) {
        if (Files.isDirectory(path)) {
            throw new BadInputException(where + ": is a directory, not a file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(where + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read the file (" + e + ")", e);
        }
    }

    /** Decodes strictly: a malformed byte sequence is reported with its line instead of replaced. */
    private static String decodeUtf8(byte[] bytes, String where) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            throw new BadInputException(String.format("%s line %d: not valid UTF-8 (byte 0x%02X)",
                    where, lineOfByte(bytes, bad), bytes[bad] & 0xFF));
        }
        return out.flip().toString();
    }

    private static int lineOfByte(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The lines of the file; a CR before the LF goes with the surrounding whitespace. */
    private static List<Line> textLines(String text) {
        String[] parts = text.split("\n", -1);
        List<Line> lines = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            lines.add(new Line(i + 1, parts[i]));
        }
        return lines;
    }

    /** The {@code data.column} cell of every CSV record, with the line the record starts on. */
    private static List<Line> csvCells(String text, DataConfig config, String where) {
        CSVFormat format = config.header()
                ? CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                : CSVFormat.DEFAULT;
        List<Line> cells = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            int column = columnIndex(config, parser.getHeaderMap(), where);
            LineCounter lines = new LineCounter(text);
            for (CSVRecord record : parser) {
                int line = lines.lineAt(record.getCharacterPosition());
                if (column >= record.size()) {
                    throw new BadInputException(String.format(
                            "%s line %d: has no column %d (data.column); the record has %d", where, line, column,
                            record.size()));
                }
                cells.add(new Line(line, record.get(column)));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new BadInputException(where + ": not valid CSV (" + oneLine(e.getMessage()) + ")", e);
        }
        return cells;
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

    /** Maps character offsets of a text, visited in increasing order, to 1-based line numbers. */
    private static final class LineCounter {
        private final String text;
        private int position;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        int lineAt(long offset) {
            for (; position < offset; position++) {
                if (text.charAt(position) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    /** Rejects a control character or an item that is too long; lower-cases when asked. */
    private static String checkedItem(String item, DataConfig config, String where, int line) {
        item.codePoints()
                .filter(cp -> Character.getType(cp) == Character.CONTROL)
                .findFirst()
                .ifPresent(cp -> {
                    throw new BadInputException(String.format("%s line %d: contains control character U+%04X",
                            where, line, cp));
                });
        if (config.lowercase()) {
            item = item.toLowerCase(Locale.ROOT);
        }
        int length = Corpus.codePointLength(item);
        if (length > config.maxLength()) {
            throw new BadInputException(String.format(
                    "%s line %d: item is %d characters long, more than data.max_length %d",
                    where, line, length, config.maxLength()));
        }
        return item;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
