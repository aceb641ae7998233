package io.makemore4j.data;

import java.nio.file.Path;

/**
 * What a run knows about its corpus once the items are encoded: where it was read from, its
 * SHA-256, its size. Immutable.
 *
 * @param path        the corpus file
 * @param sha256      SHA-256 of the file's bytes, lower-case hex (identifies the corpus in checkpoints)
 * @param size        the number of items
 * @param characters  the characters of all items, in code points
 * @param longestItem the first of the longest items
 */
public record CorpusInfo(Path path, String sha256, int size, long characters, String longestItem) {

    /** The summary of a corpus as read. */
    public static CorpusInfo of(Corpus corpus) {
        return new CorpusInfo(corpus.path(), corpus.sha256(), corpus.size(), corpus.characters(), corpus.longestItem());
    }
}
