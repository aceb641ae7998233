package io.makemore4j.data;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

/**
 * The training examples of a list of items: for every character of every item, and for the
 * boundary that ends it, one row of the {@code blockSize} previous character indices (the context)
 * and the index that follows (the target), built exactly as the reference does:
 * <pre>
 *   context = [0] * block_size
 *   for ch in item + boundary:
 *       emit (context, ix(ch)); context = context[1:] + [ix(ch)]
 * </pre>
 * An item of {@code L} characters gives {@code L + 1} rows, numbered in item order. Nothing is
 * materialised: the rows are computed from the {@link EncodedItems} when they are copied into ND4J
 * arrays by {@link #fill} (a range, for evaluation in chunks) and {@link #fillRows} (chosen rows,
 * for minibatches), so memory grows with the characters, not characters x block size. The first
 * row of item {@code k} is {@code start(k) - start(0) + k} (its characters before it, plus one end
 * row per item before it); a row's item is found by binary search. Immutable.
 */
public final class ContextRows {

    private final EncodedItems items;
    private final int blockSize;
    private final long size;

    private ContextRows(EncodedItems items, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        this.items = items;
        this.blockSize = blockSize;
        this.size = items.characters() + items.size();
    }

    /** The rows of some encoded items. */
    public static ContextRows of(EncodedItems items, int blockSize) {
        return new ContextRows(items, blockSize);
    }

    /**
     * The rows of some items.
     *
     * @throws io.makemore4j.config.BadInputException if an item has a character outside the vocabulary
     */
    public static ContextRows of(List<String> items, Vocabulary vocabulary, int blockSize) {
        return new ContextRows(EncodedItems.encode(items, vocabulary), blockSize);
    }

    /** The number of rows: the characters plus one end row per item. */
    public long size() {
        return size;
    }

    /** The number of context positions per row. */
    public int blockSize() {
        return blockSize;
    }

    /** The items the rows come from. */
    public EncodedItems items() {
        return items;
    }

    /** The first row of item {@code k}; {@code firstRow(items().size())} is {@link #size()}. */
    public long firstRow(int k) {
        return items.start(k) - items.start(0) + k;
    }

    /** The item whose rows include {@code row}. */
    public int itemOf(long row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " outside [0, " + size + ")");
        }
        int lo = 0;
        int hi = items.size() - 1;
        while (lo < hi) {   // the last item whose first row is <= row
            int mid = (lo + hi + 1) >>> 1;
            if (firstRow(mid) <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** A copy of the context of one row, oldest character first. */
    public int[] context(long row) {
        int item = itemOf(row);
        int[] context = new int[blockSize];
        contextOf(item, (int) (row - firstRow(item)), context);
        return context;
    }

    /** The target of one row: the index of the character that follows its context. */
    public int target(long row) {
        int item = itemOf(row);
        return targetOf(item, (int) (row - firstRow(item)));
    }

    /**
     * Copies rows {@code [from, to)} into preallocated arrays, as floats.
     *
     * @param features float, c-order, not a view, shape {@code (to - from, blockSize)}
     * @param labels   float, c-order, not a view, shape {@code (to - from, 1)}
     */
    public void fill(long from, long to, INDArray features, INDArray labels) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") outside [0, " + size + ")");
        }
        DataBuffer x = checkedBuffer(features, to - from, blockSize, "features");
        DataBuffer y = checkedBuffer(labels, to - from, 1, "labels");
        if (from == to) {
            return;
        }
        int[] context = new int[blockSize];
        int item = itemOf(from);
        int q = (int) (from - firstRow(item));
        for (long row = from; row < to; row++) {
            if (q > items.length(item)) {   // past the end row of the item: the next item's first row
                item++;
                q = 0;
            }
            put(item, q, row - from, context, x, y);
            q++;
        }
    }

    /**
     * Copies the chosen rows into preallocated arrays, as floats: row {@code rows[i]} goes to
     * position {@code i}.
     *
     * @param features float, c-order, not a view, shape {@code (rows.length, blockSize)}
     * @param labels   float, c-order, not a view, shape {@code (rows.length, 1)}
     */
    public void fillRows(long[] rows, INDArray features, INDArray labels) {
        DataBuffer x = checkedBuffer(features, rows.length, blockSize, "features");
        DataBuffer y = checkedBuffer(labels, rows.length, 1, "labels");
        int[] context = new int[blockSize];
        for (int i = 0; i < rows.length; i++) {
            int item = itemOf(rows[i]);
            put(item, (int) (rows[i] - firstRow(item)), i, context, x, y);
        }
    }

    private void put(int item, int q, long position, int[] context, DataBuffer features, DataBuffer labels) {
        contextOf(item, q, context);
        long destination = position * blockSize;
        for (int t = 0; t < blockSize; t++) {
            features.put(destination + t, (float) context[t]);
        }
        labels.put(position, (float) targetOf(item, q));
    }

    /** The context of position {@code q} of an item: its {@code blockSize} characters before q, boundary-padded. */
    private void contextOf(int item, int q, int[] context) {
        long base = items.start(item);
        for (int t = 0; t < blockSize; t++) {
            int p = q - blockSize + t;   // the item's character at this context position, if any
            context[t] = p >= 0 ? items.codeAt(base + p) : Vocabulary.BOUNDARY;
        }
    }

    private int targetOf(int item, int q) {
        return q < items.length(item) ? items.code(item, q) : Vocabulary.BOUNDARY;   // the end: the boundary
    }

    /** The buffer of an array that can be written element by element at offsets {@code row * cols + col}. */
    private static DataBuffer checkedBuffer(INDArray array, long rows, long cols, String name) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView()
                || array.rank() != 2 || array.rows() != rows || array.columns() != cols) {
            throw new IllegalArgumentException(String.format(
                    "%s must be a float c-order array of shape (%d, %d) that is not a view, got %s %s%s %c",
                    name, rows, cols, array.dataType(), Arrays.toString(array.shape()),
                    array.isView() ? " view" : "", array.ordering()));
        }
        return array.data();
    }
}
