package io.makemore4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Draws training minibatches: {@code batchSize} rows chosen uniformly with replacement, like the
 * reference's {@code torch.randint(0, len(Xtr), (batch,))}, copied into two arrays that are
 * allocated once and refilled at every step (the training hot path allocates nothing else).
 *
 * <p>The rows of a step are a pure function of {@code (seed, step)}: {@link #fill(long)} seeds a
 * fresh {@link SplittableRandom} from a mix of the two and draws with {@code nextInt(rows)}. So a
 * run resumed at step {@code s} sees exactly the batches the uninterrupted run would have seen, with
 * no generator state to save. (The draws depend on {@code SplittableRandom}'s algorithm, which the
 * JDK has kept unchanged since Java 8; a test pins them.)
 *
 * <p>Not thread-safe: one sampler per training loop.
 */
public final class MinibatchSampler {

    private final ContextRows rows;
    private final long seed;
    private final long[] drawn;
    private final INDArray features;
    private final INDArray labels;

    /**
     * @param rows      the training rows to draw from
     * @param batchSize rows per batch
     * @param seed      seed of the draws ({@code train.seed})
     */
    public MinibatchSampler(ContextRows rows, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (rows.size() == 0) {
            throw new IllegalArgumentException("no rows to draw from");
        }
        this.rows = rows;
        this.seed = seed;
        this.drawn = new long[batchSize];
        this.features = Nd4j.create(DataType.FLOAT, new long[] {batchSize, rows.blockSize()}, 'c');
        this.labels = Nd4j.create(DataType.FLOAT, new long[] {batchSize, 1}, 'c');
    }

    /**
     * Fills {@link #features()} and {@link #labels()} with the batch of a step.
     *
     * @param step the optimiser step, from 0
     */
    public void fill(long step) {
        drawRows(seed, step, rows.size(), drawn);
        rows.fillRows(drawn, features, labels);
    }

    /** The contexts of the current batch: float, shape {@code (batchSize, blockSize)}; the same array at every step. */
    public INDArray features() {
        return features;
    }

    /** The targets of the current batch: float, shape {@code (batchSize, 1)}; the same array at every step. */
    public INDArray labels() {
        return labels;
    }

    /**
     * Fills {@code out} with the row indices of a step, each uniform in {@code [0, bound)}: drawn
     * with {@code nextInt} while the bound fits an int (every corpus below 2^31 rows, the reference's
     * included), with {@code nextLong} beyond.
     */
    static void drawRows(long seed, long step, long bound, long[] out) {
        SplittableRandom random = stepRandom(seed, step);
        if (bound <= Integer.MAX_VALUE) {
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextInt((int) bound);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = random.nextLong(bound);
            }
        }
    }

    /** The generator of a step's draws: a pure function of {@code (seed, step)}. */
    static SplittableRandom stepRandom(long seed, long step) {
        return new SplittableRandom(mix64(mix64(seed) + step));
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values that scatters nearby inputs. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
