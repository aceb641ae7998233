package io.makemore4j.data;

import java.util.List;

/**
 * One part of the data ({@code train}, {@code val} or {@code test}): its items, encoded, in shuffled
 * order, and their context rows. Immutable.
 */
public final class Split {

    private final String name;
    private final EncodedItems items;
    private final Vocabulary vocabulary;
    private final ContextRows rows;

    /** The split called {@code name} of some encoded items, with their rows for {@code blockSize} characters of context. */
    public Split(String name, EncodedItems items, Vocabulary vocabulary, int blockSize) {
        this.name = name;
        this.items = items;
        this.vocabulary = vocabulary;
        this.rows = ContextRows.of(items, blockSize);
    }

    /** {@code train}, {@code val} or {@code test}. */
    public String name() {
        return name;
    }

    /** The items as text, duplicates kept: a view that decodes an item when it is read. */
    public List<String> items() {
        return items.decoded(vocabulary);
    }

    /** The items, encoded. */
    public EncodedItems encoded() {
        return items;
    }

    /** The (context, target) rows of the items, in item order. */
    public ContextRows rows() {
        return rows;
    }

    @Override
    public String toString() {
        return name + " (" + items.size() + " items, " + rows.size() + " rows)";
    }
}
