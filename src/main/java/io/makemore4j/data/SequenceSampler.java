package io.makemore4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Draws the training batches of a sequence model (recurrent, bag of words, bigram, Transformer):
 * {@code batchSize} whole items drawn uniformly with replacement from the training items, as
 * makemore.py's {@code RandomSampler(replacement=True)}, each padded to the model's
 * {@code block_size} positions ({@link ItemBatch#padded}: the boundary, the item, padding; every
 * position predicted, the padding masked out). Like {@link MinibatchSampler}, a batch is a pure
 * function of {@code (seed, step)}, so a resumed run draws the same batches. The batch's arrays are
 * allocated once and refilled at every step; not thread-safe: one sampler per training loop.
 */
public final class SequenceSampler {

    private final EncodedItems items;
    private final int batchSize;
    private final int blockSize;
    private final long seed;
    private final int[] drawn;
    private final float[] tokens;
    private final float[] targets;
    private final float[] mask;
    private final INDArray tokenArray;     // (batchSize, blockSize)
    private final INDArray targetArray;    // (batchSize * blockSize, 1)
    private final INDArray maskArray;      // (batchSize, blockSize)

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
        int n = batchSize * blockSize;
        this.tokens = new float[n];
        this.targets = new float[n];
        this.mask = new float[n];
        this.tokenArray = Nd4j.create(DataType.FLOAT, new long[] {batchSize, blockSize}, 'c');
        this.targetArray = Nd4j.create(DataType.FLOAT, new long[] {n, 1}, 'c');
        this.maskArray = Nd4j.create(DataType.FLOAT, new long[] {batchSize, blockSize}, 'c');
    }

    /**
     * The batch of a step (from 0): {@code (batchSize, blockSize)} tokens, targets and mask, in the
     * same arrays at every step.
     */
    public ItemBatch batch(long step) {
        SplittableRandom random = MinibatchSampler.stepRandom(seed, step);
        for (int b = 0; b < batchSize; b++) {
            drawn[b] = random.nextInt(items.size());
        }
        int positions = ItemBatch.fillPadded(items, drawn, blockSize, tokens, targets, mask);
        tokenArray.data().setData(tokens);
        targetArray.data().setData(targets);
        maskArray.data().setData(mask);
        return new ItemBatch(tokenArray, targetArray, maskArray, null, positions);
    }
}
