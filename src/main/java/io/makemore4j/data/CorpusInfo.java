package io.makemore4j.data;

import java.nio.file.Path;

/**
 * What a run knows about its corpus once the items are encoded: where it was read from, its
 * SHA-256, its size. Immutable.
 *
 * @param path        the corpus file
 * @param digest      SHA-256 of each file's bytes and of the corpus (identifies the corpus in checkpoints)
 * @param size        the number of items
 * @param characters  the characters of all items, in code points
 * @param longestItem the first of the longest items
 * @param source      where the encoded items live and how long they took to make, for the run's log
 */
public record CorpusInfo(Path path, CorpusDigest digest, int size, long characters, String longestItem, String source) {

    /** The corpus's SHA-256, lower-case hex: the file's, or the split files' combined ({@link CorpusDigest}). */
    public String sha256() {
        return digest.sha256();
    }

    /** The summary of a corpus as read, its items encoded as {@code source} says. */
    public static CorpusInfo of(Corpus corpus, String source) {
        return new CorpusInfo(corpus.path(), corpus.digest(), corpus.size(), corpus.characters(), corpus.longestItem(), source);
    }
}
