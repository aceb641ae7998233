package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.GrowableArray;
import io.makemore4j.data.store.PackedArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Reads a corpus file into a {@link Corpus}, rejecting anything that is not a clean list of items,
 * in one streaming pass that validates, counts and hashes (the file is never held in memory whole).
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
 * {@code data.max_length}, a CSV column that does not exist. The first problem in the file is the
 * one reported.
 */
public final class CorpusReader {

    private CorpusReader() {
    }

    /** Something done with each item of a corpus, in file order. */
    @FunctionalInterface
    interface ItemVisitor {
        /**
         * @param index the item's index among the items (blank lines are not items; across the split
         *              files, in order), from 0
         * @param line  the 1-based line of its file it starts on
         * @param item  the checked item
         * @param file  its file's index in {@link DataConfig#files}
         */
        void item(int index, int line, String item, int file);
    }

    /** How messages name a corpus file: {@code corpus PATH}, or for a split file its key, e.g. {@code data.val_path PATH}. */
    static String where(DataConfig.SourceFile file) {
        return (file.split() == null ? "corpus " : file.key() + " ") + file.path();
    }

    /** Reads and checks the corpus that {@code config} names. */
    public static Corpus read(DataConfig config) {
        return read(config, ReadProgress.NONE);
    }

    /** Reads and checks the corpus that {@code config} names, reporting progress. */
    public static Corpus read(DataConfig config, ReadProgress progress) {
        return read(config, progress, keepsLengths(config, Runtime.getRuntime().maxMemory()));
    }

    /** Reads and checks a corpus, keeping its item lengths or not ({@link Corpus#hasLengths}). */
    static Corpus read(DataConfig config, ReadProgress progress, boolean keepLengths) {
        GrowableArray lengths = keepLengths ? new GrowableArray(PackedArray.widthFor(config.maxLength())) : null;
        long[] count = {0};
        BitSet codePoints = new BitSet();
        long[] characters = {0};
        String[] longest = {""};
        int[] longestLength = {0};
        int[] fileItems = new int[config.files().size()];
        CorpusDigest digest = forEachItem(config, (index, line, item, file) -> {
            int length = 0;
            for (int i = 0; i < item.length(); length++) {
                int cp = item.codePointAt(i);
                codePoints.set(cp);
                i += Character.charCount(cp);
            }
            if (lengths != null) {
                lengths.add(length);
            }
            count[0]++;
            characters[0] += length;
            fileItems[file]++;
            if (length > longestLength[0]) {
                longest[0] = item;
                longestLength[0] = length;
            }
        }, progress);
        return new Corpus(config, digest, fileItems, lengths != null ? lengths.toArray() : null, count[0], characters[0],
                Vocabulary.ofCodePoints(codePoints.stream().toArray()), longest[0]);
    }

    /**
     * Whether a read keeps the item lengths on the heap: when they would take at most a sixteenth of
     * {@code heap} bytes (one small integer per item; the item count estimated from the files' sizes
     * and their first MiB). A larger corpus is prepared in passes, which need no lengths beforehand,
     * so reading it takes no heap per item.
     */
    static boolean keepsLengths(DataConfig config, long heap) {
        long items = config.files().stream().mapToLong(f -> CorpusText.estimatedLines(Path.of(f.path()))).sum();
        return items * PackedArray.widthFor(config.maxLength()) <= heap / 16;
    }

    /**
     * Reads the items of the corpus that {@code config} names (its file, or its split files in order),
     * checks each and hands it to the visitor, in file order; returns the SHA-256 of the files' bytes.
     *
     * @throws BadInputException at the first problem, or if a file has no items
     */
    static CorpusDigest forEachItem(DataConfig config, ItemVisitor visitor, ReadProgress progress) {
        List<DataConfig.SourceFile> files = config.files();
        List<String> shas = new ArrayList<>();
        int[] items = {0};
        for (int f = 0; f < files.size(); f++) {
            shas.add(forEachItem(config, files.get(f), f, items, visitor, progress));
        }
        return new CorpusDigest(config, shas);
    }

    private static String forEachItem(DataConfig config, DataConfig.SourceFile file, int f, int[] items, ItemVisitor visitor,
                                      ReadProgress progress) {
        String where = where(file);
        boolean csv = config.format() == DataConfig.Format.CSV;
        int first = items[0];
        try (CorpusText text = CorpusText.open(Path.of(file.path()), where)) {
            progress.startPass();
            CorpusLines.Sink sink = (line, raw) -> {
                String item = raw.strip();
                if (!item.isEmpty()) {
                    visitor.item(items[0]++, line, checkedItem(item, config, where, line), f);
                    progress.update(text.bytesRead(), text.size(), items[0]);
                }
            };
            if (csv) {
                CorpusLines.csvCells(text, config, where, sink);
            } else {
                CorpusLines.lines(text, sink);
            }
            progress.finish(text.bytesRead(), items[0]);
            if (items[0] == first) {
                throw new BadInputException(where + (csv
                        ? ": no items, data.column '" + config.column() + "' is blank in every record"
                        : ": no items, only blank lines"));
            }
            return text.sha256();
        }
    }

    /** Rejects a control character or an item that is too long; lower-cases when asked. */
    private static String checkedItem(String item, DataConfig config, String where, int line) {
        for (int i = 0; i < item.length(); ) {
            int cp = item.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL) {
                throw new BadInputException(String.format("%s line %d: contains control character U+%04X", where, line, cp));
            }
            i += Character.charCount(cp);
        }
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
}
