package io.makemore4j.data;

import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.PackedArray;
import io.makemore4j.data.store.Storage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a run's data. When a cache directory is given and holds the {@link PreparedCorpus} of the
 * corpus (found by its SHA-256 and the data settings), that is memory-mapped: nothing else is read.
 * Otherwise the corpus is read in one streaming pass that validates and counts ({@link CorpusReader})
 * and encoded in split order in a second ({@link CorpusEncoder}): on the heap when the encoded items
 * take at most a quarter of the JVM's heap, else prepared into the cache first (so a large corpus is
 * read once, and later runs start in seconds); a corpus whose item lengths alone would crowd the heap
 * keeps none and is always prepared, in passes ({@link CorpusPasses}). Each pass shows a progress line
 * ({@link ReadProgress}) on the terminal, or in the log when there is none; the data's
 * {@link CorpusInfo#source()} says afterwards what was done, for the run's log.
 */
public final class DataLoader {

    /** Checks a corpus against what a run recorded, as soon as its SHA-256 and vocabulary are known. */
    @FunctionalInterface
    public interface CorpusCheck {
        /** @throws io.makemore4j.config.BadInputException if it is not the corpus expected */
        void check(CorpusDigest digest, Vocabulary corpusVocabulary);
    }

    private final PrintStream terminal;
    private final Path cache;

    /**
     * @param terminal where progress lines are drawn, or null when the output is not a terminal
     * @param cache    the directory of prepared corpora, or null to keep everything in memory
     */
    public DataLoader(PrintStream terminal, Path cache) {
        this.terminal = terminal;
        this.cache = cache;
    }

    /** The loader of a command: progress on stderr when the process has a terminal, the cache of {@link #cacheDirectory}. */
    public static DataLoader standard() {
        return new DataLoader(System.console() != null ? System.err : null, cacheDirectory(System.getenv()));
    }

    /**
     * Where prepared corpora live: {@code $MAKEMORE4J_CACHE}, else {@code $XDG_CACHE_HOME/makemore4j},
     * else {@code ~/.cache/makemore4j}.
     */
    public static Path cacheDirectory(Map<String, String> environment) {
        String own = environment.get("MAKEMORE4J_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("makemore4j");
    }

    /** The corpus {@code config} names, with its own vocabulary. */
    public PreparedData load(DataConfig config, int blockSize) {
        return load(config, blockSize, null, (digest, own) -> { });
    }

    /**
     * The corpus {@code config} names, encoded with {@code vocabulary} (a trained run's), or with its
     * own when null; {@code check} sees the corpus before its items are encoded.
     */
    public PreparedData load(DataConfig config, int blockSize, Vocabulary vocabulary, CorpusCheck check) {
        if (cache != null) {
            CorpusDigest digest = CorpusDigest.of(config);
            Optional<PreparedData> prepared = PreparedCorpus.open(cache, digest, config, blockSize);
            if (prepared.isPresent() && (vocabulary == null || vocabulary.equals(prepared.get().vocabulary()))) {
                check.check(digest, prepared.get().vocabulary());
                return withSource(prepared.get(), String.format(Locale.ROOT, "%,d items, %,d characters, %s",
                        prepared.get().corpus().size(), prepared.get().corpus().characters(), prepared.get().corpus().source()));
            }
        }
        ReadProgress reading = new ReadProgress("reading corpus " + config.corpusName(), terminal);
        Corpus corpus = CorpusReader.read(config, reading);
        check.check(corpus.digest(), corpus.vocabulary());
        Vocabulary encoding = vocabulary != null ? vocabulary : corpus.vocabulary();
        boolean preparable = cache != null && encoding.equals(corpus.vocabulary());
        if (preparable && (!corpus.hasLengths() || inMemoryBytes(corpus, encoding) > Runtime.getRuntime().maxMemory() / 4)) {
            return prepare(corpus, config, blockSize, reading.seconds());
        }
        if (!corpus.hasLengths()) {
            throw new io.makemore4j.config.BadInputException(String.format(Locale.ROOT,
                    "%s %s: its %,d items are too many to encode on the %,d MB heap, and %s; use the corpus's own "
                            + "vocabulary, or give the JVM more heap (MAKEMORE4J_JAVA_OPTS=\"-Xmx...\")",
                    config.splitFiles() ? "data.train_path" : "data.path", config.corpusName(), corpus.size(),
                    Runtime.getRuntime().maxMemory() >> 20, cache == null ? "there is no cache to prepare it in"
                            : "the run's vocabulary is not the corpus's (only a corpus's own vocabulary is prepared)"));
        }
        ReadProgress encodingProgress = new ReadProgress("encoding corpus " + config.corpusName(), terminal);
        PreparedData.Encoded encoded = PreparedData.of(corpus, encoding, config, blockSize, Storage.heap(), encodingProgress);
        return encoded.data(String.format(Locale.ROOT, "%,d items, %,d characters, read in %.1f s, encoded in memory in %.1f s",
                corpus.size(), corpus.characters(), reading.seconds(), encodingProgress.seconds()));
    }

    /**
     * The prepared form of the corpus {@code config} names, made now unless the cache already holds it.
     *
     * @throws IllegalStateException if this loader has no cache
     */
    public PreparedData prepare(DataConfig config, int blockSize) {
        if (cache == null) {
            throw new IllegalStateException("a loader without a cache prepares nothing");
        }
        Optional<PreparedData> prepared = PreparedCorpus.open(cache, CorpusDigest.of(config), config, blockSize);
        if (prepared.isPresent()) {
            return prepared.get();
        }
        ReadProgress reading = new ReadProgress("reading corpus " + config.corpusName(), terminal);
        Corpus corpus = CorpusReader.read(config, reading);
        return prepare(corpus, config, blockSize, reading.seconds());
    }

    private PreparedData prepare(Corpus corpus, DataConfig config, int blockSize, double readSeconds) {
        ReadProgress encoding = new ReadProgress("preparing corpus " + config.corpusName(), terminal);
        PreparedData data = PreparedCorpus.write(cache, corpus, config, blockSize, encoding);
        System.gc();   // the writable mappings of the build are unreachable now: let them go (and their pages)
        String passes = encoding.passSummary().isEmpty() ? "" : " (" + encoding.passSummary() + ")";
        return withSource(data, String.format(Locale.ROOT, "%,d items, %,d characters, read in %.1f s, prepared in %.1f s%s: %s",
                corpus.size(), corpus.characters(), readSeconds, encoding.seconds(), passes, data.corpus().source()));
    }

    private static PreparedData withSource(PreparedData data, String source) {
        CorpusInfo info = data.corpus();
        return new PreparedData(new CorpusInfo(info.path(), info.digest(), info.size(), info.characters(), info.longestItem(), source),
                data.vocabulary(), data.train(), data.val(), data.test());
    }

    /** The heap the encoded items take while they are made: codes, offsets, the permutation and the destinations. */
    static long inMemoryBytes(Corpus corpus, Vocabulary vocabulary) {
        long n = corpus.size();
        return corpus.characters() * PackedArray.widthFor(vocabulary.size() - 1L) + (n + 1) * 16 + n * PackedArray.widthFor(n - 1);
    }
}
