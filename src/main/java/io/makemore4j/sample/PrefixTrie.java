package io.makemore4j.sample;

import java.util.Arrays;

/**
 * The prefixes of a batch of items advanced one position at a time, all at the same position: the
 * bookkeeping of {@link DilatedSteps.State}, without arithmetic. Items with the same characters so
 * far share one <em>node</em> (one computed row). All items start at the one node of the shared
 * prefix; a step's nodes are the distinct (node, next character) pairs of the items advanced, so a
 * group of items splits when its items draw different characters (and groups never merge).
 *
 * <p>The nodes of the current position are numbered {@code 0..nodes-1}. Each keeps its ancestors
 * by distance, itself first ({@link #paths()}: {@code span} entries per node, -1 before the item),
 * which is all the step kernel needs to find the rows at a stage's taps.
 */
final class PrefixTrie {

    private final int capacity;            // items, and so nodes per position
    private final int span;                // ancestors kept per node, the node itself first
    private final int vocab;
    private int[] path;                    // (capacity, span): the current nodes' ancestors, by distance; -1 before the item
    private int[] parentPath;              // the same, one position back
    private final int[] parent;            // the new nodes' parents
    private final int[] token;             // and characters
    private final int[] child;             // (capacity * vocab): parent * vocab + character -> new node, or -1
    private final int[] nodeOf;            // item -> its node
    private final int[] positionOf;        // item -> its node's position
    private final int[] rowNode;           // row of the current distributions -> node
    private int started;                   // items started
    private int position;                  // of the current nodes
    private int nodes;                     // current nodes
    private int rows;                      // rows of the current distributions

    /**
     * @param capacity items at most
     * @param span     ancestors kept per node, the node itself included: the farthest tap + 1
     * @param vocab    characters
     */
    PrefixTrie(int capacity, int span, int vocab) {
        this.capacity = capacity;
        this.span = span;
        this.vocab = vocab;
        path = new int[capacity * span];
        parentPath = new int[capacity * span];
        parent = new int[capacity];
        token = new int[capacity];
        child = new int[capacity * vocab];
        nodeOf = new int[capacity];
        positionOf = new int[capacity];
        rowNode = new int[capacity];
    }

    /** Back to position 0: one node, the boundary before every item. */
    void reset() {
        Arrays.fill(child, -1);
        Arrays.fill(path, 0, span, -1);           // position 0: the boundary, at every distance
        position = 0;
        nodes = 1;
    }

    /** Makes the one next node of the shared prefix, with character {@code ix}: 1 new node. */
    int extendShared(int ix) {
        parent[0] = 0;
        token[0] = ix;
        return 1;
    }

    /** Starts {@code n} items, all at the current node 0: each its own row. */
    void startItems(int n) {
        started = n;
        Arrays.fill(nodeOf, 0, n, 0);
        Arrays.fill(positionOf, 0, n, position);
        Arrays.fill(rowNode, 0, n, 0);
        rows = n;
    }

    /**
     * Makes the next position's nodes of the items {@code items[0..m)} (indices below the started
     * count, in any order, each once) with their next characters {@code tokens[0..m)}; row {@code b}
     * of the distributions is then item {@code items[b]}'s. Returns the number of new nodes {@code k}: their parents and
     * characters are {@link #tokens()}; {@link #nextPosition} then moves there.
     *
     * @throws IllegalArgumentException for an item that is not unfinished at this position, or twice
     */
    int advance(int[] items, int[] tokens, int m) {
        if (m < 1 || m > started) {
            throw new IllegalArgumentException("advance: " + m + " items, " + started + " started");
        }
        int k = 0;
        for (int b = 0; b < m; b++) {
            int i = items[b];
            if (i < 0 || i >= started || positionOf[i] != position) {
                throw new IllegalArgumentException("advance: item " + i + " is not an unfinished item at position " + position
                        + " (of " + started + " started), or is twice in the list");
            }
            int tok = tokens[b];
            if (tok < 0 || tok >= vocab) {
                throw new IllegalArgumentException("advance: character " + tok + " of " + vocab);
            }
            int key = nodeOf[i] * vocab + tok;
            int c = child[key];
            if (c < 0) {                          // a new prefix
                c = k++;
                child[key] = c;
                parent[c] = nodeOf[i];
                token[c] = tok;
            }
            nodeOf[i] = c;
            positionOf[i] = position + 1;
            rowNode[b] = c;
        }
        for (int c = 0; c < k; c++) {
            child[parent[c] * vocab + token[c]] = -1;
        }
        rows = m;
        return k;
    }

    /**
     * Moves to the next position, whose {@code k} nodes were made ({@link #extendShared} or
     * {@link #advance}): their paths from their parents'. Returns the new position.
     */
    int nextPosition(int k) {
        nodes = k;
        int[] t = parentPath;
        parentPath = path;
        path = t;
        for (int c = 0; c < k; c++) {
            path[c * span] = c;
            System.arraycopy(parentPath, parent[c] * span, path, c * span + 1, span - 1);
        }
        return ++position;
    }

    /** The capacity: items at most. */
    int capacity() {
        return capacity;
    }

    /** The characters of the new nodes, by node (read-only). */
    int[] tokens() {
        return token;
    }

    /** The current nodes' ancestors by distance: node c's at distance j is {@code paths()[c * span + j]}, -1 before the item (read-only). */
    int[] paths() {
        return path;
    }

    /** The nodes of the current position. */
    int nodes() {
        return nodes;
    }

    /** The rows of the current distributions. */
    int rows() {
        return rows;
    }

    /** The node of row {@code row} of the current distributions. */
    int rowNode(int row) {
        return rowNode[row];
    }
}
