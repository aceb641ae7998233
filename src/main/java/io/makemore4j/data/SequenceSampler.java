package io.makemore4j.data;

import java.util.SplittableRandom;

/**
 * Draws the training batches of a sequence model (recurrent, bag of words, bigram, Transformer):
 * {@code batchSize} whole items drawn uniformly with replacement from the training items, as
 * makemore.py's {@code RandomSampler(replacement=True)}, each padded to the model's
 * {@code block_size} positions ({@link ItemBatch#padded}: the boundary, the item, padding; every
 * position predicted, the padding masked out). Like {@link MinibatchSampler}, a batch is a pure
 * function of {@code (seed, step)}, so a resumed run draws the same batches.
 */
public final class SequenceSampler {

    private final EncodedItems items;
    private final int batchSize;
    private final int blockSize;
    private final long seed;
    private final int[] drawn;

    /**
     * @param items     the training items; none may be longer than {@code blockSize - 1} characters
     * @param batchSize items per batch ({@code train.batch_size})
     * @param blockSize positions per item ({@code model.block_size})
     * @param seed      seed of the draws ({@code train.seed})
     */
    public SequenceSampler(EncodedItems items, int batchSize, int blockSize, long seed) {
        if (items.size() == 0) {
            throw new IllegalArgumentException("no items to draw from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.items = items;
        for (int i = 0; i < items.size(); i++) {
            if (items.length(i) + 1 > blockSize) {
                throw new IllegalArgumentException("an item of " + items.length(i) + " characters does not fit block size " + blockSize);
            }
        }
        this.batchSize = batchSize;
        this.blockSize = blockSize;
        this.seed = seed;
        this.drawn = new int[batchSize];
    }

    /** The batch of a step (from 0): {@code (batchSize, blockSize)} tokens, targets and mask. */
    public ItemBatch batch(long step) {
        SplittableRandom random = MinibatchSampler.stepRandom(seed, step);
        for (int b = 0; b < batchSize; b++) {
            drawn[b] = random.nextInt(items.size());
        }
        return ItemBatch.padded(items, drawn, blockSize);
    }
}
