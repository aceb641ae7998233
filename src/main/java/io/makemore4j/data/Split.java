package io.makemore4j.data;

import java.util.List;
import java.util.Set;

/**
 * One part of the data ({@code train}, {@code val} or {@code test}): its items, in shuffled order,
 * and their context rows. Immutable.
 */
public final class Split {

    private final String name;
    private final List<String> items;
    private final Set<String> distinctItems;
    private final ContextRows rows;

    /** The split called {@code name} of some items, with their rows for {@code blockSize} characters of context. */
    public Split(String name, List<String> items, Vocabulary vocabulary, int blockSize) {
        this.name = name;
        this.items = List.copyOf(items);
        this.distinctItems = Set.copyOf(items);
        this.rows = ContextRows.of(this.items, vocabulary, blockSize);
    }

    /** {@code train}, {@code val} or {@code test}. */
    public String name() {
        return name;
    }

    /** The items, duplicates kept. */
    public List<String> items() {
        return items;
    }

    /** The (context, target) rows of the items, in item order. */
    public ContextRows rows() {
        return rows;
    }

    /** Whether an item occurs in this split (for novelty labels of samples). */
    public boolean contains(String item) {
        return distinctItems.contains(item);
    }

    @Override
    public String toString() {
        return name + " (" + items.size() + " items, " + rows.size() + " rows)";
    }
}
