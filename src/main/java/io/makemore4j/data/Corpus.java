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
 * item count, not its text. A corpus too large for even that (its lengths would take more than
 * {@link CorpusReader#keepsLengths a sixteenth of the heap}) keeps no lengths ({@link #hasLengths}):
 * it is only ever prepared in passes ({@link CorpusPasses}), which read the lengths with the items. Immutable.
 */
public final class Corpus {

    private final Path path;
    private final DataConfig config;
    private final CorpusDigest digest;
    private final int[] fileItems;       // items of each file of config.files()
    private final PackedArray lengths;   // (items), file order; null when not kept
    private final int size;
    private final long characters;
    private final Vocabulary vocabulary;
    private final String longestItem;

    Corpus(DataConfig config, CorpusDigest digest, int[] fileItems, PackedArray lengths, long items, long characters,
           Vocabulary vocabulary, String longestItem) {
        if (items == 0) {
            throw new IllegalArgumentException("a corpus has at least one item");
        }
        if (items > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a corpus has fewer than 2^31 items, got " + items);
        }
        if (lengths != null && lengths.length() != items) {
            throw new IllegalArgumentException(lengths.length() + " lengths for " + items + " items");
        }
        this.size = (int) items;
        this.path = Path.of(config.corpusName());
        this.config = config;
        this.digest = digest;
        this.fileItems = fileItems.clone();
        this.lengths = lengths;
        this.characters = characters;
        this.vocabulary = vocabulary;
        this.longestItem = longestItem;
    }

    /** The file the items were read from (split files: their paths joined by " + "). */
    public Path path() {
        return path;
    }

    /** SHA-256 of the file's bytes, lower-case hex (identifies the corpus in checkpoints and prepared forms); see {@link CorpusDigest}. */
    public String sha256() {
        return digest.sha256();
    }

    /** The SHA-256 of each file. */
    public CorpusDigest digest() {
        return digest;
    }

    /** With split files, the items of the train, val (0 when it has no file) and test files; else null. */
    int[] splitSizes() {
        if (!config.splitFiles()) {
            return null;
        }
        int[] sizes = new int[3];
        List<DataConfig.SourceFile> files = config.files();
        for (int f = 0; f < files.size(); f++) {
            sizes[PreparedData.SPLIT_NAMES.indexOf(files.get(f).split())] = fileItems[f];
        }
        return sizes;
    }

    /** The number of items. */
    public int size() {
        return size;
    }

    /** Whether the item lengths were kept ({@link #length}); see the class comment. */
    public boolean hasLengths() {
        return lengths != null;
    }

    /**
     * The length of item {@code i} (file order), in code points.
     *
     * @throws IllegalStateException if the lengths were not kept
     */
    public int length(int i) {
        if (lengths == null) {
            throw new IllegalStateException("the item lengths of " + path + " were not kept (a corpus too large for the heap)");
        }
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
        CorpusReader.forEachItem(config, (index, line, item, file) -> items.add(item), ReadProgress.NONE);
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
        int[] first = {-1, 0, 0};   // line, length, file
        CorpusReader.forEachItem(config, (index, line, item, file) -> {
            int length = codePointLength(item);
            if (first[0] < 0 && length > maxLength) {
                first[0] = line;
                first[1] = length;
                first[2] = file;
            }
        }, ReadProgress.NONE);
        throw new BadInputException(String.format("%s line %d: item is %d characters long, more than %s",
                CorpusReader.where(config.files().get(first[2])), first[0], first[1], limit));
    }

    static int codePointLength(String s) {
        return s.codePointCount(0, s.length());
    }
}
