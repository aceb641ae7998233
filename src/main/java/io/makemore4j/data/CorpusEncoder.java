package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;


/**
 * Encodes a corpus's items in their shuffled order ({@link ItemSplit}), in one more streaming pass
 * over the file: the offsets are laid out first from the item lengths that {@link CorpusReader}
 * counted, with each item's destination in file order, then each item read (in file order) is
 * written at its destination. Memory (in the given {@link Storage}): the codes, the offsets, the
 * permutation and the destinations (a long per item, only while encoding).
 */
final class CorpusEncoder {

    /** Names of the arrays in a {@link Storage}, as the prepared form's files. */
    static final String CODES = "codes.bin";
    static final String OFFSETS = "offsets.bin";
    /** The temporary array of each item's destination, in file order. */
    static final String DESTINATION = "destination.tmp";

    private CorpusEncoder() {
    }

    /**
     * The items of the corpus in the split's order, encoded with the vocabulary.
     *
     * @throws BadInputException if an item has a character outside the vocabulary, or the file
     *                           changed since it was read
     */
    static EncodedItems encode(Corpus corpus, Vocabulary vocabulary, ItemSplit split, Storage storage,
                               ReadProgress progress) {
        int n = corpus.size();
        PackedArray order = split.order();
        PackedArray offsets = storage.create(OFFSETS, n + 1L, 8);
        PackedArray destination = storage.create(DESTINATION, n, 8);   // file order: where each item's codes go
        long at = 0;
        for (int p = 0; p < n; p++) {
            int item = order.get(p);
            destination.setLong(item, at);
            at += corpus.length(item);
            offsets.setLong(p + 1, at);
        }
        PackedArray codes = storage.create(CODES, corpus.characters(), PackedArray.widthFor(vocabulary.size() - 1L));
        int[] table = table(vocabulary);
        String sha256 = CorpusReader.forEachItem(corpus.config(), (index, line, item, file) -> {
            if (index >= n || lengthOf(item) != corpus.length(index)) {
                throw changed();
            }
            long position = destination.getLong(index);
            for (int i = 0; i < item.length(); ) {
                int cp = item.codePointAt(i);
                codes.set(position++, code(table, vocabulary, item, cp));
                i += Character.charCount(cp);
            }
        }, progress).sha256();
        if (!sha256.equals(corpus.sha256())) {
            throw changed();
        }
        offsets.force();
        codes.force();
        return new EncodedItems(codes, offsets, 0, n);
    }

    /** Index by code point, 0 where the vocabulary has no such character (an array up to its largest code point). */
    static int[] table(Vocabulary vocabulary) {
        int[] table = new int[vocabulary.maxCodePoint() + 1];
        for (int index = 1; index < vocabulary.size(); index++) {
            table[vocabulary.codePoint(index)] = index;
        }
        return table;
    }

    private static int lengthOf(String item) {
        return item.codePointCount(0, item.length());
    }

    static BadInputException changed() {
        return new BadInputException("the file changed while it was being read; run the command again");
    }

    /**
     * The code of code point {@code cp} of {@code item} from the lookup {@code table} (see
     * {@link #table}); a character outside the vocabulary is refused as the vocabulary refuses it,
     * naming the character and the item.
     */
    static int code(int[] table, Vocabulary vocabulary, String item, int cp) {
        int code = cp < table.length ? table[cp] : -1;
        if (code <= 0) {
            vocabulary.encode(item);   // throws, naming the character and the item
            throw new IllegalStateException("the table and the vocabulary disagree on " + item);
        }
        return code;
    }
}
