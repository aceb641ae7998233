package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;

import java.util.BitSet;

/**
 * Encodes a corpus's items in their shuffled order ({@link ItemSplit}), in one more streaming pass
 * over the file: the offsets are laid out first from the item lengths that {@link CorpusReader}
 * counted, then each item read (in file order) is written at its shuffled position. Memory: the
 * codes and offsets (in the given {@link Storage}), the permutation, and a bit per item.
 */
final class CorpusEncoder {

    /** Names of the arrays in a {@link Storage}, as the prepared form's files. */
    static final String CODES = "codes.bin";
    static final String OFFSETS = "offsets.bin";

    private CorpusEncoder() {
    }

    /**
     * The items of the corpus in the split's order, encoded with the vocabulary. The split's
     * permutation is inverted in place on the way (it is not needed afterwards).
     *
     * @throws BadInputException if an item has a character outside the vocabulary, or the file
     *                           changed since it was read
     */
    static EncodedItems encode(Corpus corpus, Vocabulary vocabulary, ItemSplit split, Storage storage,
                               ReadProgress progress) {
        int n = corpus.size();
        PackedArray order = split.order();
        PackedArray offsets = storage.create(OFFSETS, n + 1L, 8);
        long at = 0;
        for (int p = 0; p < n; p++) {
            at += corpus.length(order.get(p));
            offsets.setLong(p + 1, at);
        }
        invert(order, n);   // now order.get(i) is the shuffled position of file item i
        PackedArray codes = storage.create(CODES, corpus.characters(), PackedArray.widthFor(vocabulary.size() - 1L));
        int[] table = table(vocabulary);
        String sha256 = CorpusReader.forEachItem(corpus.config(), (index, line, item) -> {
            if (index >= n || lengthOf(item) != corpus.length(index)) {
                throw changed();
            }
            long position = offsets.getLong(order.get(index));
            for (int i = 0; i < item.length(); ) {
                int cp = item.codePointAt(i);
                int code = cp < table.length ? table[cp] : -1;
                if (code <= 0) {
                    vocabulary.encode(item);   // throws, naming the character and the item
                    throw new IllegalStateException("the table and the vocabulary disagree on " + item);
                }
                codes.set(position++, code);
                i += Character.charCount(cp);
            }
        }, progress);
        if (!sha256.equals(corpus.sha256())) {
            throw changed();
        }
        offsets.force();
        codes.force();
        return new EncodedItems(codes, offsets, 0, n);
    }

    /** Inverts a permutation of {@code 0 .. n-1} in place, cycle by cycle (a bit per element marks the done ones). */
    static void invert(PackedArray order, int n) {
        BitSet done = new BitSet(n);
        for (int start = 0; start < n; start++) {
            if (done.get(start)) {
                continue;
            }
            int previous = start;
            int current = order.get(start);
            while (current != start) {       // order[previous] == current: so inverse[current] = previous
                int next = order.get(current);
                order.set(current, previous);
                done.set(current);
                previous = current;
                current = next;
            }
            order.set(start, previous);
            done.set(start);
        }
    }

    /** Index by code point, 0 where the vocabulary has no such character (an array up to its largest code point). */
    private static int[] table(Vocabulary vocabulary) {
        int[] table = new int[vocabulary.maxCodePoint() + 1];
        for (int index = 1; index < vocabulary.size(); index++) {
            table[vocabulary.codePoint(index)] = index;
        }
        return table;
    }

    private static int lengthOf(String item) {
        return item.codePointCount(0, item.length());
    }

    private static BadInputException changed() {
        return new BadInputException("the file changed while it was being read; run the command again");
    }
}
