package io.makemore4j.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The items of a corpus file, in file order, as read and checked by {@link CorpusReader}.
 *
 * @param path   the file the items were read from
 * @param items  the items: trimmed, non-empty, duplicates kept
 * @param sha256 SHA-256 of the file's bytes, lower-case hex (identifies the corpus in checkpoints)
 */
public record Corpus(Path path, List<String> items, String sha256) {

    public Corpus {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a corpus has at least one item");
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
