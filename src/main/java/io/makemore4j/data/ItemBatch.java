package io.makemore4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A batch of items for the models over whole items (the dilated model, the sequence models), as
 * arrays over {@code (items, T)} positions, where {@code T} is the longest item's length + 1 (or less,
 * when only a prefix of each item is needed; or a fixed {@code T}, a sequence model's
 * {@code block_size}, for {@link #padded}):
 *
 * <pre>
 *   tokens    (items, T)     the boundary token, then the item's characters, then boundary padding
 *   targets   (items*T, 1)   at position q the item's character q, at its length the boundary (end)
 *   mask      (items, T)     1 at the positions the model computes (the batch statistics' rows), 0 on padding
 *   predicted (items*T, 1)   how often each position counts in the loss, or null: every masked-in position once
 * </pre>
 *
 * For "emma" (e=5, m=13, a=1): tokens {@code 0 5 13 13 1}, targets {@code 5 13 13 1 0}, mask all 1.
 * Position {@code q} holds what the flatten model's row predicting character {@code q} holds; the
 * positions of a split's items are exactly its context rows.
 *
 * @param tokens    float indices, c-order
 * @param targets   float class indices, c-order
 * @param mask      float 0/1, c-order
 * @param predicted float counts, c-order, or null
 * @param positions the number of predicted positions (the sum of {@code predicted}, or of {@code mask})
 */
public record ItemBatch(INDArray tokens, INDArray targets, INDArray mask, INDArray predicted, int positions) {

    /** The batch of items {@code order[from] .. order[to-1]}, every position predicted. */
    public static ItemBatch of(EncodedItems items, int[] order, int from, int to) {
        int[] ends = new int[to - from];
        for (int b = 0; b < ends.length; b++) {
            ends[b] = items.length(order[from + b]);
        }
        return of(items, java.util.Arrays.copyOfRange(order, from, to), ends, null, 0);
    }

    /**
     * The batch of {@code items[chosen[0]] .. items[chosen[n-1]]}, every position predicted, padded to
     * {@code time} positions (a sequence model's {@code block_size}): each item needs its length + 1.
     *
     * @throws IllegalArgumentException if an item is longer than {@code time - 1}
     */
    public static ItemBatch padded(EncodedItems items, int[] chosen, int time) {
        int n = chosen.length;
        float[] tokens = new float[n * time];
        float[] targets = new float[n * time];
        float[] mask = new float[n * time];
        int positions = fillPadded(items, chosen, time, tokens, targets, mask);
        return new ItemBatch(Nd4j.create(tokens, new long[] {n, time}, 'c'), Nd4j.create(targets, new long[] {(long) n * time, 1}, 'c'),
                Nd4j.create(mask, new long[] {n, time}, 'c'), null, positions);
    }

    /**
     * Writes the padded batch of {@link #padded} into {@code tokens}, {@code targets} and {@code mask}
     * (each {@code chosen.length * time}, row-major); returns its number of positions.
     */
    static int fillPadded(EncodedItems items, int[] chosen, int time, float[] tokens, float[] targets, float[] mask) {
        java.util.Arrays.fill(tokens, 0f);
        java.util.Arrays.fill(targets, 0f);
        java.util.Arrays.fill(mask, 0f);
        int positions = 0;
        for (int b = 0; b < chosen.length; b++) {
            int length = items.length(chosen[b]);
            if (length + 1 > time) {
                throw new IllegalArgumentException("an item of " + length + " characters needs " + (length + 1)
                        + " positions, more than " + time);
            }
            int row = b * time;
            for (int q = 0; q <= length; q++) {
                if (q > 0) {
                    tokens[row + q] = items.code(chosen[b], q - 1);            // token 0 stays the boundary
                }
                targets[row + q] = q < length ? items.code(chosen[b], q) : 0;  // the end: the boundary
                mask[row + q] = 1f;
            }
            positions += length + 1;
        }
        return positions;
    }

    /** {@link #padded(EncodedItems, int[], int)} of items given as index arrays (no boundary tokens). */
    public static ItemBatch padded(int[][] items, int[] chosen, int time) {
        return padded(EncodedItems.of(items, vocabularyOf(items)), chosen, time);
    }

    private static int vocabularyOf(int[][] items) {
        int vocabulary = 1;
        for (int[] item : items) {
            for (int code : item) {
                vocabulary = Math.max(vocabulary, code + 1);
            }
        }
        return vocabulary;
    }

    /** {@link #of(EncodedItems, int[], int, int)} of items given as index arrays (no boundary tokens). */
    public static ItemBatch of(int[][] items, int[] order, int from, int to) {
        return of(EncodedItems.of(items, vocabularyOf(items)), order, from, to);
    }

    /**
     * The batch of {@code items[chosen[b]]}, each computed up to position {@code last[b]} (at most its
     * length); {@code counts[b][q]}, when not null, is how often position q of item b is predicted.
     */
    static ItemBatch of(EncodedItems items, int[] chosen, int[] last, int[][] counts) {
        return of(items, chosen, last, counts, 0);
    }

    /** As {@link #of(EncodedItems, int[], int[], int[][])}, with at least {@code minTime} positions per item. */
    private static ItemBatch of(EncodedItems items, int[] chosen, int[] last, int[][] counts, int minTime) {
        int n = chosen.length;
        int time = minTime;
        for (int b = 0; b < n; b++) {
            time = Math.max(time, last[b] + 1);
        }
        float[] tokens = new float[n * time];
        float[] targets = new float[n * time];
        float[] mask = new float[n * time];
        float[] predicted = counts == null ? null : new float[n * time];
        int positions = 0;
        for (int b = 0; b < n; b++) {
            int[] item = items.toArray(chosen[b]);
            int row = b * time;
            for (int q = 0; q <= last[b]; q++) {
                if (q > 0) {
                    tokens[row + q] = item[q - 1];     // token 0 stays the boundary
                }
                targets[row + q] = q < item.length ? item[q] : 0;   // the end: the boundary
                mask[row + q] = 1f;
                if (counts != null) {
                    predicted[row + q] = counts[b][q];
                    positions += counts[b][q];
                }
            }
            if (counts == null) {
                positions += last[b] + 1;
            }
        }
        return new ItemBatch(
                Nd4j.create(tokens, new long[] {n, time}, 'c'),
                Nd4j.create(targets, new long[] {(long) n * time, 1}, 'c'),
                Nd4j.create(mask, new long[] {n, time}, 'c'),
                predicted == null ? null : Nd4j.create(predicted, new long[] {(long) n * time, 1}, 'c'),
                positions);
    }

    /** Encodes items with a vocabulary, for {@link #of}. */
    public static int[][] encode(List<String> items, Vocabulary vocabulary) {
        int[][] out = new int[items.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vocabulary.encode(items.get(i));
        }
        return out;
    }

    /** The number of items. */
    public int items() {
        return (int) tokens.size(0);
    }

    /** Positions per item, {@code T}. */
    public int time() {
        return (int) tokens.size(1);
    }
}
