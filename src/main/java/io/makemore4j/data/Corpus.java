package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.PackedArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus file as read and checked by {@link CorpusReader}, in one streaming pass: how many items
 * it has, their lengths (one small integer per item, in file order), their characters and its
 * SHA-256. The items themselves are not kept: they are read again, streaming, when they are encoded
 * ({@link PreparedData}) or asked for ({@link #items()}), so reading a corpus takes memory for its
 * item count, not its text. Immutable.
 */
public final class Corpus {

    private final Path path;
    private final DataConfig config;
    private final String sha256;
    private final PackedArray lengths;   // (items), file order
    private final long characters;
    private final Vocabulary vocabulary;
    private final String longestItem;

    Corpus(Path path, DataConfig config, String sha256, PackedArray lengths, long characters, Vocabulary vocabulary,
           String longestItem) {
        if (lengths.length() == 0) {
            throw new IllegalArgumentException("a corpus has at least one item");
        }
        if (lengths.length() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a corpus has fewer than 2^31 items, got " + lengths.length());
        }
        this.path = path;
        this.config = config;
        this.sha256 = sha256;
        this.lengths = lengths;
        this.characters = characters;
        this.vocabulary = vocabulary;
        this.longestItem = longestItem;
    }

    /** The file the items were read from. */
    public Path path() {
        return path;
    }

    /** SHA-256 of the file's bytes, lower-case hex (identifies the corpus in checkpoints and prepared forms). */
    public String sha256() {
        return sha256;
    }

    /** The number of items. */
    public int size() {
        return (int) lengths.length();
    }

    /** The length of item {@code i} (file order), in code points. */
    public int length(int i) {
        return lengths.get(i);
    }

    /** The characters of all items, in code points. */
    public long characters() {
        return characters;
    }

    /** The vocabulary of the items: every distinct character, plus the boundary token. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The first of the longest items, measured in code points. */
    public String longestItem() {
        return longestItem;
    }

    /** The length of the longest item, in code points. */
    public int maxItemLength() {
        return codePointLength(longestItem);
    }

    /** How the file is read (format, column, lower-casing, maximum length). */
    DataConfig config() {
        return config;
    }

    /**
     * The items, trimmed, non-empty, duplicates kept, in file order: read from the file again, into
     * memory (for small corpora; large ones are only ever encoded).
     */
    public List<String> items() {
        List<String> items = new ArrayList<>(size());
        CorpusReader.forEachItem(config, (index, line, item) -> items.add(item), ReadProgress.NONE);
        return items;
    }

    /**
     * Refuses the corpus when an item is longer than {@code maxLength} code points, naming the first
     * such item's line (found by reading the file again, only then).
     *
     * @param limit what sets the limit, for the message, e.g. {@code "model.block_size 16 allows 15"}
     * @throws BadInputException naming the file, the line and the limit
     */
    public void requireMaxLength(int maxLength, String limit) {
        if (maxItemLength() <= maxLength) {
            return;
        }
        int[] first = {-1, 0};   // line, length
        CorpusReader.forEachItem(config, (index, line, item) -> {
            int length = codePointLength(item);
            if (first[0] < 0 && length > maxLength) {
                first[0] = line;
                first[1] = length;
            }
        }, ReadProgress.NONE);
        throw new BadInputException(String.format("corpus %s line %d: item is %d characters long, more than %s",
                path, first[0], first[1], limit));
    }

    static int codePointLength(String s) {
        return s.codePointCount(0, s.length());
    }
}
