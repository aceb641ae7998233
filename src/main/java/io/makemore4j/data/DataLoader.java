package io.makemore4j.data;

import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.Storage;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Loads a run's data, showing progress while a large corpus is read: one streaming pass that
 * validates and counts ({@link CorpusReader}), one that encodes the items in split order
 * ({@link CorpusEncoder}), each with a progress line ({@link ReadProgress}) on the terminal, or in
 * the log when there is none. {@link #report()} says afterwards what was done, for the run's log.
 * One loader per command.
 */
public final class DataLoader {

    private final PrintStream terminal;
    private String report = "";

    /** @param terminal where progress lines are drawn, or null when the output is not a terminal */
    public DataLoader(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** The corpus {@code config} names, with its own vocabulary. */
    public PreparedData load(DataConfig config, int blockSize) {
        return load(config, blockSize, null, sha256 -> { });
    }

    /**
     * The corpus {@code config} names, encoded with {@code vocabulary} (a trained run's), or with its
     * own when null.
     *
     * @param checkSha256 called with the corpus's SHA-256 as soon as it is known, before the items
     *                    are encoded: throws if it is not the corpus expected
     */
    public PreparedData load(DataConfig config, int blockSize, Vocabulary vocabulary, Consumer<String> checkSha256) {
        ReadProgress reading = new ReadProgress("reading corpus " + config.path(), terminal);
        Corpus corpus = CorpusReader.read(config, reading);
        double readSeconds = reading.seconds();
        checkSha256.accept(corpus.sha256());
        ReadProgress encoding = new ReadProgress("encoding corpus " + config.path(), terminal);
        PreparedData data = PreparedData.of(corpus, vocabulary != null ? vocabulary : corpus.vocabulary(), config,
                blockSize, Storage.heap(), encoding);
        report = String.format(Locale.ROOT, "corpus %s: %,d items, %,d characters, read in %.1f s and encoded in %.1f s (in memory)",
                config.path(), corpus.size(), corpus.characters(), readSeconds, encoding.seconds());
        return data;
    }

    /** What the last {@link #load} did: the corpus's size, where its data lives and how long it took. */
    public String report() {
        return report;
    }
}
