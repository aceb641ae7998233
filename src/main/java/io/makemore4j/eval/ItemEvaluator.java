package io.makemore4j.eval;

import io.makemore4j.data.EncodedItems;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;


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
        EncodedItems items = split.encoded();
        if (items.size() == 0) {
            return Double.NaN;
        }
        int[] order = byLength(items);
        double total = 0;
        long positions = 0;
        int from = 0;
        while (from < items.size()) {
            // the next items while (count x their longest length + 1) fits in a chunk (sorted: the last is the longest)
            int to = from + 1;
            while (to < items.size() && (long) (to + 1 - from) * (items.length(order[to]) + 1) <= chunk) {
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

    /** Indices of the items, shortest first (a stable counting sort: no object per item). */
    static int[] byLength(EncodedItems items) {
        int longest = 0;
        for (int i = 0; i < items.size(); i++) {
            longest = Math.max(longest, items.length(i));
        }
        int[] starts = new int[longest + 2];   // starts[L + 1]: how many items are shorter than L + 1
        for (int i = 0; i < items.size(); i++) {
            starts[items.length(i) + 1]++;
        }
        for (int length = 1; length < starts.length; length++) {
            starts[length] += starts[length - 1];
        }
        int[] order = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            order[starts[items.length(i)]++] = i;
        }
        return order;
    }
}
