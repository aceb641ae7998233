package io.makemore4j.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training batches of whole items for the dilated model: items chosen uniformly with
 * replacement, as a pure function of {@code (seed, step)} like {@link MinibatchSampler} (a resumed
 * run draws the same batches).
 *
 * <p>{@code train.batch_size} keeps its meaning, predicted positions per step, on average: with
 * {@code x = batchSize / mean positions per item}, a batch has {@code floor(x)} or {@code floor(x)+1}
 * items (at least one), the latter with probability {@code x - floor(x)}. On the reference corpus
 * (7.12 positions per name: 6.12 characters and the end) batch size 32 is 4 or 5 names, 4.49 on
 * average.
 */
public final class ItemSampler {

    private final int[][] items;
    private final long seed;
    private final double itemsPerBatch;
    private final int[] drawn;

    /**
     * @param items     the training items
     * @param batchSize predicted positions per batch, on average
     * @param seed      seed of the draws ({@code train.seed})
     */
    public ItemSampler(List<String> items, Vocabulary vocabulary, int batchSize, long seed) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no items to draw from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.items = ItemBatch.encode(items, vocabulary);
        this.seed = seed;
        this.itemsPerBatch = Math.max(1.0, batchSize / meanPositions(this.items));
        this.drawn = new int[(int) Math.floor(itemsPerBatch) + 1];
    }

    /** Mean predicted positions per item: its length + 1. */
    static double meanPositions(int[][] items) {
        long positions = 0;
        for (int[] item : items) {
            positions += item.length + 1;
        }
        return (double) positions / items.length;
    }

    /** Items per batch, on average. */
    public double itemsPerBatch() {
        return itemsPerBatch;
    }

    /** The batch of a step (from 0). */
    public ItemBatch batch(long step) {
        SplittableRandom random = MinibatchSampler.stepRandom(seed, step);
        int whole = (int) Math.floor(itemsPerBatch);
        int n = random.nextDouble() < itemsPerBatch - whole ? whole + 1 : whole;
        for (int i = 0; i < n; i++) {
            drawn[i] = random.nextInt(items.length);
        }
        return ItemBatch.of(items, drawn, 0, n);
    }
}
