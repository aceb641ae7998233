package io.makemore4j.data;

import io.makemore4j.config.BadInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * The items of a corpus file, in file order, as read and checked by {@link CorpusReader}.
 *
 * @param path   the file the items were read from
 * @param items  the items: trimmed, non-empty, duplicates kept
 * @param sha256 SHA-256 of the file's bytes, lower-case hex (identifies the corpus in checkpoints)
 * @param lines  the 1-based line of the file each item starts on, for messages about an item
 */
public record Corpus(Path path, List<String> items, String sha256, int[] lines) {

    public Corpus {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a corpus has at least one item");
        }
        if (lines.length != items.size()) {
            throw new IllegalArgumentException(items.size() + " items but " + lines.length + " line numbers");
        }
        lines = lines.clone();
    }

    /** A corpus whose item i is on line i + 1 (a file of one item per line, no blank lines). */
    public Corpus(Path path, List<String> items, String sha256) {
        this(path, items, sha256, java.util.stream.IntStream.rangeClosed(1, items.size()).toArray());
    }

    /**
     * Refuses the first item longer than {@code maxLength} code points, naming its line.
     *
     * @param limit what sets the limit, for the message, e.g. {@code "model.block_size 16 allows 15"}
     * @throws BadInputException naming the file, the line and the limit
     */
    public void requireMaxLength(int maxLength, String limit) {
        for (int i = 0; i < items.size(); i++) {
            int length = codePointLength(items.get(i));
            if (length > maxLength) {
                throw new BadInputException(String.format("corpus %s line %d: item is %d characters long, more than %s",
                        path, lines[i], length, limit));
            }
        }
    }

    /** The number of items. */
    public int size() {
        return items.size();
    }

    /** The vocabulary of the items: every distinct character, plus the boundary token. */
    public Vocabulary vocabulary() {
        return Vocabulary.of(items);
    }

    /** The first of the longest items, measured in code points. */
    public String longestItem() {
        String longest = items.get(0);
        for (String item : items) {
            if (codePointLength(item) > codePointLength(longest)) {
                longest = item;
            }
        }
        return longest;
    }

    /** The length of the longest item, in code points. */
    public int maxItemLength() {
        return codePointLength(longestItem());
    }

    static int codePointLength(String s) {
        return s.codePointCount(0, s.length());
    }
}
