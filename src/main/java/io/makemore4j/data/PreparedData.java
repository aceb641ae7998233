package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;

import java.util.List;

/**
 * Everything a run needs from its corpus: the corpus, the vocabulary, and the train / val / test
 * splits with their rows. Immutable.
 *
 * @param corpus     the items as read
 * @param vocabulary the indices of the characters (the corpus's own, or a checkpoint's)
 * @param train      the items the model learns from
 * @param val        the items that select the model during training
 * @param test       the items held out for the final figure
 */
public record PreparedData(Corpus corpus, Vocabulary vocabulary, Split train, Split val, Split test) {

    /** The names of the splits, in order. */
    public static final List<String> SPLIT_NAMES = List.of("train", "val", "test");

    /** Reads the corpus {@code config} names and prepares it with its own vocabulary. */
    public static PreparedData load(DataConfig config, int blockSize) {
        Corpus corpus = CorpusReader.read(config);
        return of(corpus, corpus.vocabulary(), config, blockSize);
    }

    /**
     * Splits a corpus as {@code config} says ({@code data.split}, {@code data.seed}) and builds the
     * rows of each split with the given vocabulary, such as the one a checkpoint was trained with.
     *
     * @throws BadInputException if the corpus is too small to split, or has a character outside the vocabulary
     */
    public static PreparedData of(Corpus corpus, Vocabulary vocabulary, DataConfig config, int blockSize) {
        String name = config.path();
        ItemSplit items = ItemSplit.shuffled(corpus.items(), config.split(), config.seed(), name);
        try {
            return new PreparedData(corpus, vocabulary,
                    new Split("train", items.train(), vocabulary, blockSize),
                    new Split("val", items.val(), vocabulary, blockSize),
                    new Split("test", items.test(), vocabulary, blockSize));
        } catch (BadInputException e) {
            throw new BadInputException("corpus " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The split of that name.
     *
     * @throws BadInputException if the name is not one of {@link #SPLIT_NAMES}
     */
    public Split split(String name) {
        return switch (name) {
            case "train" -> train;
            case "val" -> val;
            case "test" -> test;
            default -> throw new BadInputException(
                    "unknown split '" + name + "', expected one of " + String.join(", ", SPLIT_NAMES));
        };
    }

    /**
     * Where a generated item already occurs: {@code "in train"}, {@code "in val"}, {@code "in test"}
     * (the first that holds it), or {@code "new"}.
     */
    public String novelty(String item) {
        for (Split split : List.of(train, val, test)) {
            if (split.contains(item)) {
                return "in " + split.name();
            }
        }
        return "new";
    }

    /** Characters of context in every row. */
    public int blockSize() {
        return train.rows().blockSize();
    }
}
