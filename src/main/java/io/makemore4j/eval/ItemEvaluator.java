package io.makemore4j.eval;

import io.makemore4j.data.EncodedItems;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.LongConsumer;


/**
 * {@link Evaluator} of the dilated model: the mean cross-entropy over every predicted position of a
 * split's items (the same positions as the flatten model's context rows, so the two losses compare
 * directly), in inference mode. Items go through sorted by length, in batches of at most
 * {@link #CHUNK} positions (fewer for a large vocabulary, {@link OutputBudget}), so that little is
 * padding; a split of more than {@code evalRows} positions is evaluated on a fixed sample of its
 * items ({@link EvalSample}) that holds about that many.
 */
public final class ItemEvaluator implements Evaluator {

    /**
     * The most positions (items x longest length + 1) evaluated at once. Small enough that a pass's
     * activations stay in cache and in memory the allocator reuses: after training, a pass of 16,384
     * positions through {@code config/transformer-wide.yaml} spent most of its time in page faults
     * (8,500 positions/s on the validation split, against 40,000 at 1,024; the GRU 101,000 against
     * 304,000; the deep dilated model 91,000 against 110,000, 162,000 at 4,096), BENCHMARKS.md
     * "Evaluation chunks".
     */
    public static final int CHUNK = 1_024;

    private final ComputationGraph graph;
    private final int chunk;
    private final long evalRows;

    public ItemEvaluator(ComputationGraph graph) {
        this(graph, CHUNK, Long.MAX_VALUE);
    }

    /** An evaluator with another chunk size (tests check that chunking does not change the loss). */
    public ItemEvaluator(ComputationGraph graph, int chunk) {
        this(graph, chunk, Long.MAX_VALUE);
    }

    /**
     * @param chunk    the most positions per pass (fewer if the vocabulary is large)
     * @param evalRows a split with more positions is evaluated on a sample of its items holding about
     *                 this many ({@code train.eval_rows})
     */
    public ItemEvaluator(ComputationGraph graph, int chunk, long evalRows) {
        this.graph = graph;
        this.chunk = OutputBudget.rows(OutputBudget.vocabulary(graph), chunk);
        this.evalRows = evalRows;
    }

    @Override
    public SplitLosses evaluate(PreparedData data, LongConsumer progress) {
        return new SplitLosses(loss(data.train(), progress), loss(data.val(), progress), loss(data.test(), progress),
                SampleNote.of(data, split -> new long[] {chosenItems(split).length, split.encoded().size()}, "items"));
    }

    /** The items it evaluates: every item of each split, or the sample of a split of more than {@code evalRows} positions. */
    @Override
    public long work(PreparedData data) {
        return PreparedData.SPLIT_NAMES.stream().mapToLong(name -> chosenItems(data.split(name)).length).sum();
    }

    @Override
    public double loss(Split split) {
        return loss(split, done -> {
        });
    }

    private double loss(Split split, LongConsumer progress) {
        EncodedItems items = split.encoded();
        if (items.size() == 0) {
            return Double.NaN;
        }
        int[] order = byLength(items, chosenItems(split));
        double total = 0;
        long positions = 0;
        int from = 0;
        while (from < order.length) {
            // the next items while (count x their longest length + 1) fits in a chunk (sorted: the last is the longest)
            int to = from + 1;
            while (to < order.length && (long) (to + 1 - from) * (items.length(order[to]) + 1) <= chunk) {
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
            progress.accept(to - from);
            from = to;
        }
        return total / positions;
    }

    /** All the split's items, or, when it has more than {@code evalRows} positions, a fixed sample holding about that many. */
    private int[] chosenItems(Split split) {
        int n = split.encoded().size();
        long positions = split.rows().size();
        int wanted = (int) Math.min(n, Math.max(1, Math.ceil((double) evalRows * n / positions)));
        if (positions <= evalRows || wanted >= n) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        long[] sample = EvalSample.of(n, wanted, PreparedData.SPLIT_NAMES.indexOf(split.name()));
        int[] chosen = new int[sample.length];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = (int) sample[i];
        }
        return chosen;
    }

    /** The chosen items, shortest first (a stable counting sort: no object per item). */
    static int[] byLength(EncodedItems items, int[] chosen) {
        int longest = 0;
        for (int i : chosen) {
            longest = Math.max(longest, items.length(i));
        }
        int[] starts = new int[longest + 2];   // starts[L + 1]: how many chosen items are shorter than L + 1
        for (int i : chosen) {
            starts[items.length(i) + 1]++;
        }
        for (int length = 1; length < starts.length; length++) {
            starts[length] += starts[length - 1];
        }
        int[] order = new int[chosen.length];
        for (int i : chosen) {
            order[starts[items.length(i)]++] = i;
        }
        return order;
    }
}
