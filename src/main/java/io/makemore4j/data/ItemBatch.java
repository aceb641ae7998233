package io.makemore4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A batch of whole items for the dilated model, as three arrays over {@code (items, T)} positions,
 * where {@code T} is the longest item's length + 1:
 *
 * <pre>
 *   tokens  (items, T)     the boundary token, then the item's characters, then boundary padding
 *   targets (items*T, 1)   at position q the item's character q, at its length the boundary (end)
 *   mask    (items, T)     1 at the item's length + 1 predicted positions, 0 on padding
 * </pre>
 *
 * For "emma" (e=5, m=13, a=1): tokens {@code 0 5 13 13 1}, targets {@code 5 13 13 1 0}, mask all 1.
 * Position {@code q} holds what the flatten model's row predicting character {@code q} holds; the
 * positions of a split's items are exactly its context rows.
 *
 * @param tokens    float indices, c-order
 * @param targets   float class indices, c-order
 * @param mask      float 0/1, c-order
 * @param positions the number of predicted positions (the mask's sum)
 */
public record ItemBatch(INDArray tokens, INDArray targets, INDArray mask, int positions) {

    /** The batch of {@code items[order[from]] .. items[order[to-1]]}, each an encoded item (no boundary tokens). */
    public static ItemBatch of(int[][] items, int[] order, int from, int to) {
        int n = to - from;
        int time = 0;
        for (int i = from; i < to; i++) {
            time = Math.max(time, items[order[i]].length + 1);
        }
        float[] tokens = new float[n * time];
        float[] targets = new float[n * time];
        float[] mask = new float[n * time];
        int positions = 0;
        for (int b = 0; b < n; b++) {
            int[] item = items[order[from + b]];
            int row = b * time;
            for (int q = 0; q < item.length; q++) {
                tokens[row + q + 1] = item[q];         // token 0 stays the boundary
                targets[row + q] = item[q];
            }
            for (int q = 0; q <= item.length; q++) {   // the target after the last character stays the boundary
                mask[row + q] = 1f;
            }
            positions += item.length + 1;
        }
        return new ItemBatch(
                Nd4j.create(tokens, new long[] {n, time}, 'c'),
                Nd4j.create(targets, new long[] {(long) n * time, 1}, 'c'),
                Nd4j.create(mask, new long[] {n, time}, 'c'),
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
