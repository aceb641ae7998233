package io.makemore4j.data;

import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.Storage;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Loads a run's data, showing progress while a large corpus is read: one streaming pass that
 * validates and counts ({@link CorpusReader}), one that encodes the items in split order
 * ({@link CorpusEncoder}), each with a progress line ({@link ReadProgress}) on the terminal, or in
 * the log when there is none. The data's {@link CorpusInfo#source()} says afterwards what was done,
 * for the run's log.
 */
public final class DataLoader {

    /** Checks a corpus against what a run recorded, as soon as its SHA-256 and vocabulary are known. */
    @FunctionalInterface
    public interface CorpusCheck {
        /** @throws io.makemore4j.config.BadInputException if it is not the corpus expected */
        void check(String sha256, Vocabulary corpusVocabulary);
    }

    private final PrintStream terminal;

    /** @param terminal where progress lines are drawn, or null when the output is not a terminal */
    public DataLoader(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** The loader of a command: progress on stderr when the process has a terminal. */
    public static DataLoader standard() {
        return new DataLoader(System.console() != null ? System.err : null);
    }

    /** The corpus {@code config} names, with its own vocabulary. */
    public PreparedData load(DataConfig config, int blockSize) {
        return load(config, blockSize, null, (sha256, own) -> { });
    }

    /**
     * The corpus {@code config} names, encoded with {@code vocabulary} (a trained run's), or with its
     * own when null; {@code check} sees the corpus before its items are encoded.
     */
    public PreparedData load(DataConfig config, int blockSize, Vocabulary vocabulary, CorpusCheck check) {
        ReadProgress reading = new ReadProgress("reading corpus " + config.path(), terminal);
        Corpus corpus = CorpusReader.read(config, reading);
        double readSeconds = reading.seconds();
        check.check(corpus.sha256(), corpus.vocabulary());
        ReadProgress encoding = new ReadProgress("encoding corpus " + config.path(), terminal);
        PreparedData.Encoded encoded = PreparedData.of(corpus, vocabulary != null ? vocabulary : corpus.vocabulary(), config,
                blockSize, Storage.heap(), encoding);
        return encoded.data(String.format(Locale.ROOT, "%,d items, %,d characters, read in %.1f s, encoded in memory in %.1f s",
                corpus.size(), corpus.characters(), readSeconds, encoding.seconds()));
    }
}
