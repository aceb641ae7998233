package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.GrowableArray;
import io.makemore4j.data.store.PackedArray;

import java.nio.file.Path;
import java.util.BitSet;
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
         * @param index the item's index among the items (blank lines are not items), from 0
         * @param line  the 1-based line of the file it starts on
         * @param item  the checked item
         */
        void item(int index, int line, String item);
    }

    /** Reads and checks the corpus that {@code config} names. */
    public static Corpus read(DataConfig config) {
        return read(config, ReadProgress.NONE);
    }

    /** Reads and checks the corpus that {@code config} names, reporting progress. */
    public static Corpus read(DataConfig config, ReadProgress progress) {
        GrowableArray lengths = new GrowableArray(PackedArray.widthFor(config.maxLength()));
        BitSet codePoints = new BitSet();
        long[] characters = {0};
        String[] longest = {""};
        int[] longestLength = {0};
        String sha256 = forEachItem(config, (index, line, item) -> {
            int length = 0;
            for (int i = 0; i < item.length(); length++) {
                int cp = item.codePointAt(i);
                codePoints.set(cp);
                i += Character.charCount(cp);
            }
            lengths.add(length);
            characters[0] += length;
            if (length > longestLength[0]) {
                longest[0] = item;
                longestLength[0] = length;
            }
        }, progress);
        return new Corpus(Path.of(config.path()), config, sha256, lengths.toArray(), characters[0],
                Vocabulary.ofCodePoints(codePoints.stream().toArray()), longest[0]);
    }

    /**
     * Reads the items of the corpus that {@code config} names, checks each and hands it to the
     * visitor, in file order; returns the SHA-256 of the file's bytes.
     *
     * @throws BadInputException at the first problem, or if the file has no items
     */
    static String forEachItem(DataConfig config, ItemVisitor visitor, ReadProgress progress) {
        String where = "corpus " + config.path();
        boolean csv = config.format() == DataConfig.Format.CSV;
        int[] items = {0};
        try (CorpusText text = CorpusText.open(Path.of(config.path()), where)) {
            progress.startPass();
            CorpusLines.Sink sink = (line, raw) -> {
                String item = raw.strip();
                if (!item.isEmpty()) {
                    visitor.item(items[0]++, line, checkedItem(item, config, where, line));
                    progress.update(text.bytesRead(), text.size(), items[0]);
                }
            };
            if (csv) {
                CorpusLines.csvCells(text, config, where, sink);
            } else {
                CorpusLines.lines(text, sink);
            }
            progress.finish(text.bytesRead(), items[0]);
            if (items[0] == 0) {
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
