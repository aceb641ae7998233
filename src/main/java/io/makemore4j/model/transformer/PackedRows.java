package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The Transformer's row layout of a batch of items. The graph's {@code (items, T)} mask marks each
 * item's positions, a prefix of its row (the boundary token, then its characters); the layers work
 * on those positions only, packed item after item:
 *
 * <pre>
 *   row of (item i, position q) = offset(i) + q,   q &lt; length(i)
 *   rows 0 .. used()-1: the items' positions;  used() .. rows()-1: padding
 * </pre>
 *
 * Each layer's arrays have {@link #rows()} rows: {@link #used()} rounded up to a multiple of
 * {@link #ROW_BLOCK}, so that a layer keeps one set of arrays for the many batches whose used rows
 * round to the same count. Padding rows hold finite values that no item reads, and receive zero
 * gradients. Attention is within an item only, so no position sees another item's.
 */
public final class PackedRows {

    /** Rows are allocated in multiples of this. */
    public static final int ROW_BLOCK = 16;

    private final int time;
    private final int[] offsets;   // (items + 1) first row of each item, then used()

    private PackedRows(int time, int[] offsets) {
        this.time = time;
        this.offsets = offsets;
    }

    /** The layout of items of the given lengths, in a batch of {@code time} positions per item. */
    public static PackedRows ofLengths(int[] lengths, int time) {
        int[] offsets = new int[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0 || lengths[i] > time) {
                throw new IllegalArgumentException("item " + i + ": length " + lengths[i] + " not in [0, " + time + "]");
            }
            offsets[i + 1] = offsets[i] + lengths[i];
        }
        return new PackedRows(time, offsets);
    }

    /**
     * The layout of a batch from its {@code (items, T)} mask of 0/1 values, each row a prefix of ones.
     *
     * @param who names the caller in errors
     * @throws DL4JInvalidInputException when there is no mask, or a row is not a prefix of ones
     */
    public static PackedRows of(INDArray mask, String who) {
        if (mask == null || mask.rank() != 2) {
            throw new DL4JInvalidInputException(who + ": needs the (items, T) mask of the batch, got "
                    + (mask == null ? "none" : Arrays.toString(mask.shape())));
        }
        int items = Math.toIntExact(mask.size(0));
        int time = Math.toIntExact(mask.size(1));
        INDArray m = mask.ordering() == 'c' && mask.elementWiseStride() == 1
                && (mask.dataType() == DataType.FLOAT || mask.dataType() == DataType.DOUBLE)
                ? mask : mask.castTo(DataType.FLOAT).dup('c');
        HostView values = HostView.of(m);
        int[] lengths = new int[items];
        for (int i = 0; i < items; i++) {
            int length = 0;
            for (int q = 0; q < time; q++) {
                double v = values.get(i * time + q);
                if (v == 1 && length == q) {
                    length++;
                } else if (v != 0) {
                    throw new DL4JInvalidInputException(who + ": mask row " + i + " is not a prefix of ones (value " + v
                            + " at position " + q + ")");
                }
            }
            lengths[i] = length;
        }
        return ofLengths(lengths, time);
    }

    /** The layout of {@code mask}, checked against the rows of an activation. */
    public static PackedRows of(INDArray mask, long rows, String who) {
        PackedRows layout = of(mask, who);
        if (layout.rows() != rows) {
            throw new DL4JInvalidInputException(who + ": " + rows + " rows do not fit the mask's " + layout.used()
                    + " positions (" + layout.rows() + " rows with padding)");
        }
        return layout;
    }

    /** {@code used} rounded up to a multiple of {@link #ROW_BLOCK} (at least one block). */
    public static int rounded(int used) {
        return Math.max(1, (used + ROW_BLOCK - 1) / ROW_BLOCK) * ROW_BLOCK;
    }

    /** The number of items. */
    public int items() {
        return offsets.length - 1;
    }

    /** Positions per item in the batch's arrays, {@code T}. */
    public int time() {
        return time;
    }

    /** The first row of item {@code i}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** The positions of item {@code i}. */
    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** The rows holding positions. */
    public int used() {
        return offsets[offsets.length - 1];
    }

    /** The rows of every array in this layout: {@link #used()} with padding. */
    public int rows() {
        return rounded(used());
    }

    /** The longest item's length. */
    public int longest() {
        int longest = 0;
        for (int i = 0; i < items(); i++) {
            longest = Math.max(longest, length(i));
        }
        return longest;
    }
}
