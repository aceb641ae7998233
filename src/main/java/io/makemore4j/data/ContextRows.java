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
 * An item of {@code L} characters gives {@code L + 1} rows. Stored compactly in two int arrays
 * (contexts row-major, {@code size() * blockSize()}), immutable, and copied into ND4J arrays on
 * demand by {@link #fill} (a range, for evaluation in chunks) and {@link #fillRows} (chosen rows,
 * for minibatches).
 */
public final class ContextRows {

    private final int blockSize;
    private final int[] contexts; // (rows, blockSize), row-major
    private final int[] targets;  // (rows)

    private ContextRows(int blockSize, int[] contexts, int[] targets) {
        this.blockSize = blockSize;
        this.contexts = contexts;
        this.targets = targets;
    }

    /**
     * The rows of some items.
     *
     * @throws io.makemore4j.config.BadInputException if an item has a character outside the vocabulary
     */
    public static ContextRows of(List<String> items, Vocabulary vocabulary, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        long rows = 0;
        for (String item : items) {
            rows += Corpus.codePointLength(item) + 1;
        }
        if (rows * blockSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " rows of " + blockSize + " do not fit in one Java array");
        }
        int[] contexts = new int[(int) rows * blockSize];
        int[] targets = new int[(int) rows];
        int[] context = new int[blockSize];
        int row = 0;
        for (String item : items) {
            Arrays.fill(context, Vocabulary.BOUNDARY);
            int[] characters = vocabulary.encode(item);
            int[] indices = Arrays.copyOf(characters, characters.length + 1);
            indices[characters.length] = Vocabulary.BOUNDARY; // ends every item
            for (int ix : indices) {
                System.arraycopy(context, 0, contexts, row * blockSize, blockSize);
                targets[row++] = ix;
                System.arraycopy(context, 1, context, 0, blockSize - 1);
                context[blockSize - 1] = ix;
            }
        }
        return new ContextRows(blockSize, contexts, targets);
    }

    /** The number of rows. */
    public int size() {
        return targets.length;
    }

    /** The number of context positions per row. */
    public int blockSize() {
        return blockSize;
    }

    /** A copy of the context of one row, oldest character first. */
    public int[] context(int row) {
        return Arrays.copyOfRange(contexts, row * blockSize, (row + 1) * blockSize);
    }

    /** The target of one row: the index of the character that follows its context. */
    public int target(int row) {
        return targets[row];
    }

    /**
     * Copies rows {@code [from, to)} into preallocated arrays, as floats.
     *
     * @param features float, c-order, not a view, shape {@code (to - from, blockSize)}
     * @param labels   float, c-order, not a view, shape {@code (to - from, 1)}
     */
    public void fill(int from, int to, INDArray features, INDArray labels) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") outside [0, " + size() + ")");
        }
        DataBuffer x = checkedBuffer(features, to - from, blockSize, "features");
        DataBuffer y = checkedBuffer(labels, to - from, 1, "labels");
        for (int row = from; row < to; row++) {
            put(row, row - from, x, y);
        }
    }

    /**
     * Copies the chosen rows into preallocated arrays, as floats: row {@code rows[i]} goes to
     * position {@code i}.
     *
     * @param features float, c-order, not a view, shape {@code (rows.length, blockSize)}
     * @param labels   float, c-order, not a view, shape {@code (rows.length, 1)}
     */
    public void fillRows(int[] rows, INDArray features, INDArray labels) {
        DataBuffer x = checkedBuffer(features, rows.length, blockSize, "features");
        DataBuffer y = checkedBuffer(labels, rows.length, 1, "labels");
        for (int i = 0; i < rows.length; i++) {
            put(rows[i], i, x, y);
        }
    }

    private void put(int row, int position, DataBuffer features, DataBuffer labels) {
        int source = row * blockSize;
        long destination = (long) position * blockSize;
        for (int t = 0; t < blockSize; t++) {
            features.put(destination + t, (float) contexts[source + t]);
        }
        labels.put(position, (float) targets[row]);
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
