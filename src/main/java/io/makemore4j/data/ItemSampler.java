package io.makemore4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training batches of items for the dilated model, as a pure function of {@code (seed, step)}
 * like {@link MinibatchSampler} (a resumed run draws the same batches). Two ways
 * ({@code train.predict}):
 *
 * <ul>
 *   <li>{@link Mode#SAMPLED}: {@code batchSize} positions drawn uniformly with replacement from all
 *   the training positions: exactly the rows {@link MinibatchSampler} draws for the flatten model at
 *   that step (the training rows are the items' positions in item order). Each drawn item is
 *   computed up to its last drawn position and only the drawn positions are predicted, so the model
 *   learns from the same examples as the flatten model, from about as many items as positions.</li>
 *   <li>{@link Mode#ALL}: whole items drawn uniformly with replacement, every position predicted;
 *   with {@code x = batchSize / mean positions per item}, a batch has {@code floor(x)} or
 *   {@code floor(x)+1} items (at least one), the latter with probability {@code x - floor(x)}, so
 *   that batches average {@code batchSize} positions (batch size 32 is 4 or 5 names of the reference
 *   corpus: 7.12 positions per name). Cheaper per step, but the positions of a name are correlated:
 *   at 32 positions per step this trains less well than 32 independent positions.</li>
 * </ul>
 */
public final class ItemSampler {

    /** Which positions of the batch's items are predicted. */
    public enum Mode {
        /** Positions drawn uniformly, as the flatten model's rows. */
        SAMPLED,
        /** Every position of whole items. */
        ALL
    }

    private final EncodedItems items;
    private final ContextRows rows;   // the training rows: item k's positions are rows firstRow(k) ..
    private final long seed;
    private final Mode mode;
    private final int batchSize;
    private final double itemsPerBatch;
    private final int[] drawnItems;   // ALL
    private final long[] drawnRows;   // SAMPLED

    /**
     * @param items     the training items
     * @param batchSize predicted positions per batch (on average, for {@link Mode#ALL})
     * @param seed      seed of the draws ({@code train.seed})
     */
    public ItemSampler(EncodedItems items, int batchSize, long seed, Mode mode) {
        if (items.size() == 0) {
            throw new IllegalArgumentException("no items to draw from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.items = items;
        this.rows = ContextRows.of(items, 1);
        this.seed = seed;
        this.mode = mode;
        this.batchSize = batchSize;
        this.itemsPerBatch = mode == Mode.ALL ? Math.max(1.0, batchSize / meanPositions(items)) : batchSize;
        this.drawnItems = new int[mode == Mode.ALL ? (int) Math.floor(itemsPerBatch) + 1 : 0];
        this.drawnRows = new long[mode == Mode.ALL ? 0 : batchSize];
    }

    /** {@link #ItemSampler(EncodedItems, int, long, Mode)} of items given as text. */
    public ItemSampler(List<String> items, Vocabulary vocabulary, int batchSize, long seed, Mode mode) {
        this(EncodedItems.encode(items, vocabulary), batchSize, seed, mode);
    }

    /** Mean predicted positions per item: its length + 1. */
    static double meanPositions(EncodedItems items) {
        return (double) (items.characters() + items.size()) / items.size();
    }

    /** Items per batch, on average ({@link Mode#ALL}), or at most ({@link Mode#SAMPLED}). */
    public double itemsPerBatch() {
        return itemsPerBatch;
    }

    /** The batch of a step (from 0). */
    public ItemBatch batch(long step) {
        return mode == Mode.ALL ? wholeItems(step) : sampledPositions(step);
    }

    private ItemBatch wholeItems(long step) {
        int n = drawItems(step);
        return ItemBatch.of(items, drawnItems, 0, n);
    }

    /** {@link Mode#ALL}: draws the step's items into {@code drawn}; returns how many. */
    private int drawItems(long step) {
        SplittableRandom random = MinibatchSampler.stepRandom(seed, step);
        int whole = (int) Math.floor(itemsPerBatch);
        int n = random.nextDouble() < itemsPerBatch - whole ? whole + 1 : whole;
        for (int i = 0; i < n; i++) {
            drawnItems[i] = random.nextInt(items.size());
        }
        return n;
    }

    /**
     * {@link Mode#ALL} for the flatten model: the training rows ({@link ContextRows} of the items, in
     * item order) of every position of the items {@link #batch} draws at this step.
     */
    public long[] wholeItemRows(long step) {
        if (mode != Mode.ALL) {
            throw new IllegalStateException("whole-item rows are drawn in mode ALL");
        }
        int n = drawItems(step);
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += items.length(drawnItems[i]) + 1;
        }
        long[] out = new long[count];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (long r = rows.firstRow(drawnItems[i]); r < rows.firstRow(drawnItems[i] + 1); r++) {
                out[at++] = r;
            }
        }
        return out;
    }

    private ItemBatch sampledPositions(long step) {
        MinibatchSampler.drawRows(seed, step, rows.size(), drawnRows);   // the flatten model's rows
        int[] chosen = new int[batchSize];
        int[] last = new int[batchSize];
        int[][] counts = new int[batchSize][];
        int n = 0;
        for (long row : drawnRows) {
            int item = rows.itemOf(row);
            int q = (int) (row - rows.firstRow(item));
            int b = indexOf(chosen, n, item);
            if (b < 0) {
                b = n++;
                chosen[b] = item;
                last[b] = q;
                counts[b] = new int[items.length(item) + 1];
            }
            last[b] = Math.max(last[b], q);
            counts[b][q]++;
        }
        return ItemBatch.of(items, Arrays.copyOf(chosen, n), Arrays.copyOf(last, n), Arrays.copyOf(counts, n));
    }

    private static int indexOf(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
