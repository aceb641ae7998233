package io.makemore4j.eval;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@link Evaluator} of the dilated model: the mean cross-entropy over every predicted position of a
 * split's items (the same positions as the flatten model's context rows, so the two losses compare
 * directly), in inference mode. Items go through sorted by length, in batches of at most
 * {@link #CHUNK} positions, so that little is padding.
 */
public final class ItemEvaluator implements Evaluator {

    /** The most positions (items x longest length + 1) evaluated at once. */
    public static final int CHUNK = 16_384;

    private final ComputationGraph graph;
    private final Vocabulary vocabulary;
    private final int chunk;
    private final Map<Split, int[][]> encoded = new IdentityHashMap<>();   // the splits' items, encoded once

    public ItemEvaluator(ComputationGraph graph, Vocabulary vocabulary) {
        this(graph, vocabulary, CHUNK);
    }

    /** An evaluator with another chunk size (tests check that chunking does not change the loss). */
    public ItemEvaluator(ComputationGraph graph, Vocabulary vocabulary, int chunk) {
        this.graph = graph;
        this.vocabulary = vocabulary;
        this.chunk = chunk;
    }

    @Override
    public SplitLosses evaluate(PreparedData data) {
        return new SplitLosses(loss(data.train()), loss(data.val()), loss(data.test()));
    }

    @Override
    public double loss(Split split) {
        int[][] items = encoded.computeIfAbsent(split, s -> ItemBatch.encode(s.items(), vocabulary));
        if (items.length == 0) {
            return Double.NaN;
        }
        int[] order = byLength(items);
        double total = 0;
        long positions = 0;
        int from = 0;
        while (from < items.length) {
            // the next items while (count x their longest length + 1) fits in a chunk (sorted: the last is the longest)
            int to = from + 1;
            while (to < items.length && (long) (to + 1 - from) * (items[order[to]].length + 1) <= chunk) {
                to++;
            }
            ItemBatch batch = ItemBatch.of(items, order, from, to);
            INDArray out = graph.output(false, new INDArray[] {batch.tokens()}, new INDArray[] {batch.mask()})[0];
            int vocab = (int) out.size(1);                                 // (items*T, vocab) softmax
            float[] probs = SplitEvaluator.values(out);
            float[] targets = batch.targets().data().asFloat();
            float[] mask = batch.mask().data().asFloat();
            for (int r = 0; r < mask.length; r++) {
                if (mask[r] != 0) {
                    total -= Math.log(Math.max(probs[r * vocab + (int) targets[r]], Float.MIN_NORMAL));
                }
            }
            positions += batch.positions();
            from = to;
        }
        return total / positions;
    }

    /** Indices of the items, shortest first. */
    private static int[] byLength(int[][] items) {
        return IntStream.range(0, items.length).boxed().sorted(Comparator.comparingInt(i -> items[i].length))
                .mapToInt(Integer::intValue).toArray();
    }
}
