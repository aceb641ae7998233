package io.makemore4j.data;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.store.Storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs from its corpus: the corpus, the vocabulary, and the train / val / test
 * splits with their rows. Immutable.
 *
 * @param corpus     the corpus as read (or as recorded by its prepared form)
 * @param vocabulary the indices of the characters (the corpus's own, or a checkpoint's)
 * @param train      the items the model learns from
 * @param val        the items that select the model during training
 * @param test       the items held out for the final figure
 */
public record PreparedData(CorpusInfo corpus, Vocabulary vocabulary, Split train, Split val, Split test) {

    /** The names of the splits, in order. */
    public static final List<String> SPLIT_NAMES = List.of("train", "val", "test");

    /** Reads the corpus {@code config} names and prepares it in memory with its own vocabulary. */
    public static PreparedData load(DataConfig config, int blockSize) {
        Corpus corpus = CorpusReader.read(config);
        return of(corpus, corpus.vocabulary(), config, blockSize);
    }

    /**
     * Splits a corpus as {@code config} says ({@code data.split}, {@code data.seed}) and encodes the
     * items of each split on the heap with the given vocabulary, such as the one a checkpoint was
     * trained with.
     *
     * @throws BadInputException if the corpus is too small to split, or has a character outside the vocabulary
     */
    public static PreparedData of(Corpus corpus, Vocabulary vocabulary, DataConfig config, int blockSize) {
        return of(corpus, vocabulary, config, blockSize, Storage.heap(), ReadProgress.NONE).data("encoded in memory");
    }

    /** The encoded items of a corpus and where they were cut into splits: {@link #data} makes the splits. */
    record Encoded(Corpus corpus, Vocabulary vocabulary, EncodedItems items, int n1, int n2, int blockSize) {
        PreparedData data(String source) {
            return PreparedData.of(CorpusInfo.of(corpus, source), vocabulary, items, n1, n2, blockSize);
        }
    }

    /** Shuffles, splits and encodes a corpus, the encoded items made in {@code storage}. */
    static Encoded of(Corpus corpus, Vocabulary vocabulary, DataConfig config, int blockSize, Storage storage,
                      ReadProgress progress) {
        ItemSplit split = split(corpus, config, storage, ReadProgress.NONE);
        EncodedItems items;
        try {
            items = CorpusEncoder.encode(corpus, vocabulary, split, storage, progress);
        } catch (BadInputException e) {
            throw new BadInputException("corpus " + config.corpusName() + ": " + e.getMessage(), e);
        }
        return new Encoded(corpus, vocabulary, items, split.n1(), split.n2(), blockSize);
    }

    /**
     * The split of a corpus as {@code config} says: its split files in file order, or its items
     * shuffled ({@code data.split}, {@code data.seed}), the permutation made in {@code storage}.
     *
     * @throws BadInputException if the corpus is too small to split
     */
    static ItemSplit split(Corpus corpus, DataConfig config, Storage storage, ReadProgress progress) {
        int[] sizes = corpus.splitSizes();
        return sizes != null ? ItemSplit.inFileOrder(sizes, storage)
                : ItemSplit.shuffled(corpus.size(), config.split(), config.seed(), config.path(), storage, progress);
    }

    /** The data of items already encoded in split order, cut at {@code n1} and {@code n2}. */
    static PreparedData of(CorpusInfo corpus, Vocabulary vocabulary, EncodedItems items, int n1, int n2, int blockSize) {
        return new PreparedData(corpus, vocabulary,
                new Split("train", items.range(0, n1), vocabulary, blockSize),
                new Split("val", items.range(n1, n2), vocabulary, blockSize),
                new Split("test", items.range(n2, items.size()), vocabulary, blockSize));
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
        return novelty(List.of(item)).get(0);
    }

    /**
     * {@link #novelty(String)} of each of some generated items, in one scan over the splits' encoded
     * items (no set of the corpus's items is kept).
     */
    public List<String> novelty(List<String> items) {
        Map<Integer, List<Integer>> byLength = new HashMap<>();   // length -> indices into items
        int[][] encoded = new int[items.size()][];
        String[] labels = new String[items.size()];
        for (int i = 0; i < encoded.length; i++) {
            labels[i] = "new";
            encoded[i] = encodedOrNull(items.get(i));
            if (encoded[i] != null) {
                byLength.computeIfAbsent(encoded[i].length, k -> new ArrayList<>()).add(i);
            }
        }
        for (Split split : List.of(test, val, train)) {   // the last match wins: the first split that holds it
            EncodedItems splitItems = split.encoded();
            for (int k = 0; k < splitItems.size(); k++) {
                List<Integer> candidates = byLength.get(splitItems.length(k));
                if (candidates != null) {
                    for (int i : candidates) {
                        if (splitItems.equalsItem(k, encoded[i])) {
                            labels[i] = "in " + split.name();
                        }
                    }
                }
            }
        }
        return List.of(labels);
    }

    private int[] encodedOrNull(String item) {
        int[] codes = new int[item.codePointCount(0, item.length())];
        int q = 0;
        for (int i = 0; i < item.length(); i += Character.charCount(item.codePointAt(i))) {
            codes[q] = vocabulary.indexOf(item.codePointAt(i));
            if (codes[q++] < 0) {
                return null;   // a character the corpus does not have: new
            }
        }
        return codes;
    }

    /** Characters of context in every row. */
    public int blockSize() {
        return train.rows().blockSize();
    }
}
