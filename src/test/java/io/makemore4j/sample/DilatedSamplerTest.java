package io.makemore4j.sample;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.ItemSampler;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental sampler of the dilated model against full passes of the graph: the same
 * distribution at every step (for every variant), and the same items for a seed as
 * {@link FullPassSampler}, the graph-pass sampler it replaced.
 */
class DilatedSamplerTest {

    private static final int VOCAB = 7;

    private static List<String> names;
    private static Vocabulary vocabulary;

    @BeforeAll
    static void corpus() throws IOException {
        List<String> all = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
        names = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 16) {
            names.add(all.get(i));
        }
        vocabulary = Vocabulary.of(names);
    }

    static ModelConfig dilated(int blockSize, List<Integer> flatten, int nEmbd, int nHidden, boolean gated, boolean residual,
                               boolean skip, double dropout) {
        return new ModelConfig(ModelKind.DILATED, blockSize, nEmbd, nHidden, flatten, true, Activation.TANH, true, gated, residual, skip, dropout);
    }

    private static ModelConfig withoutDropout(ModelConfig m) {
        return dilated(m.blockSize(), m.flatten(), m.nEmbd(), m.nHidden(), m.gated(), m.residual(), m.skip(), 0);
    }

    /** Random items of 0 to maxLength characters in 1..vocab-1. */
    private static int[][] items(Random rnd, int n, int maxLength, int vocab) {
        int[][] items = new int[n][];
        for (int i = 0; i < n; i++) {
            items[i] = new int[rnd.nextInt(maxLength + 1)];
            for (int q = 0; q < items[i].length; q++) {
                items[i][q] = 1 + rnd.nextInt(vocab - 1);
            }
        }
        return items;
    }

    private static ItemBatch batch(int[][] items) {
        int[] order = new int[items.length];
        Arrays.setAll(order, i -> i);
        return ItemBatch.of(items, order, 0, items.length);
    }

    /** A dilated graph trained a few steps on random items, so that its batch-norm statistics are not the initial ones. */
    private static ComputationGraph trainedOnRandomItems(ModelConfig m, DataType dtype, long seed) {
        if (m.dropout() > 0) {   // trained without (dropout has no parameters)
            ComputationGraph g = TestGraphs.build(m, VOCAB, new Adam(0.01), seed, dtype);
            g.setParams(trainedOnRandomItems(withoutDropout(m), dtype, seed).params());
            return g;
        }
        ComputationGraph g = TestGraphs.build(m, VOCAB, new Adam(0.01), seed, dtype);
        Random rnd = new Random(seed);
        for (int s = 0; s < 15; s++) {
            ItemBatch b = batch(items(rnd, 8, 2 * m.blockSize(), VOCAB));
            g.fit(new MultiDataSet(new INDArray[] {b.tokens().castTo(dtype)}, new INDArray[] {b.targets().castTo(dtype)},
                    new INDArray[] {b.mask().castTo(dtype)}, null));
        }
        return g;
    }

    /**
     * The largest difference between the incremental distributions and the graph's full pass, over
     * every position of random items (advanced together, the finished ones dropped), after a prefix.
     */
    private static double maxDifference(ComputationGraph graph, int blockSize, int[] prefix, long seed) {
        return maxDifference(graph, graph, blockSize, prefix, seed);
    }

    /** As above, with the full passes of {@code oracle}, a graph with the same predictions. */
    private static double maxDifference(ComputationGraph graph, ComputationGraph oracle, int blockSize, int[] prefix, long seed) {
        Random rnd = new Random(seed);
        int[][] tails = items(rnd, 11, 3 * blockSize, VOCAB);
        int[][] items = new int[tails.length][];
        for (int i = 0; i < items.length; i++) {
            items[i] = new int[prefix.length + tails[i].length];
            System.arraycopy(prefix, 0, items[i], 0, prefix.length);
            System.arraycopy(tails[i], 0, items[i], prefix.length, tails[i].length);
        }
        ItemBatch b = batch(items);
        DataType dtype = graph.params().dataType();
        INDArray full = oracle.output(false, new INDArray[] {b.tokens().castTo(dtype)},
                new INDArray[] {b.mask().castTo(dtype)})[0];                                   // (items*T, vocab)
        DilatedSteps.State state = new DilatedSteps(graph).state(items.length + 2);
        state.start(items.length, prefix);
        double max = 0;
        int[] order = new int[items.length];
        int[] tokens = new int[items.length];
        int checked = 0;
        for (int q = prefix.length; q < b.time(); q++) {
            int m = 0;
            if (q > prefix.length) {
                for (int i = 0; i < items.length; i++) {
                    if (items[i].length >= q) {          // it has a character q-1: position q is predicted
                        order[m] = i;
                        tokens[m++] = items[i][q - 1];
                    }
                }
                state.advance(order, tokens, m);
            }
            INDArray probs = state.probabilities();
            for (int i = 0, row = 0; i < items.length; i++) {
                if (items[i].length >= q) {
                    INDArray expected = full.getRow((long) i * b.time() + q);
                    INDArray got = probs.getRow(q > prefix.length ? row++ : 0);
                    max = Math.max(max, expected.sub(got).amaxNumber().doubleValue());
                    checked++;
                }
            }
        }
        assertEquals(b.positions() - (long) items.length * prefix.length, checked);
        return max;
    }

    /**
     * For a model with dropout, the oracle is the same model without it, with the same parameters:
     * DL4J's DropoutLayer multiplies its (items, T, C) output by the (items, T) mask as a column vector
     * and fails, so the graph of a dilated model with dropout cannot make a masked pass.
     */
    private static void assertSameDistributions(ModelConfig m, long seed) {
        ComputationGraph g = trainedOnRandomItems(m, DataType.DOUBLE, seed);
        ComputationGraph oracle = g;
        if (m.dropout() > 0) {
            oracle = TestGraphs.build(withoutDropout(m), VOCAB, new Adam(0.01), seed, DataType.DOUBLE);
            oracle.setParams(g.params());
        }
        for (int[] prefix : new int[][] {{}, {3}, {2, 5, 1, 6, 4}}) {
            double max = maxDifference(g, oracle, m.blockSize(), prefix, seed + prefix.length);
            assertTrue(max < 1e-9, m + " prefix " + Arrays.toString(prefix) + ": max difference " + max);
        }
    }

    @Test
    void sameDistributionsAsTheGraphInDouble() {
        assertSameDistributions(dilated(8, List.of(2, 2, 2), 5, 12, false, false, false, 0), 31);
    }

    @Test
    void sameDistributionsWithOtherKernels() {
        assertSameDistributions(dilated(9, List.of(3, 3), 4, 6, false, false, false, 0), 32);
        assertSameDistributions(dilated(6, List.of(3, 2), 4, 6, false, false, false, 0), 33);
        assertSameDistributions(dilated(3, List.of(3), 4, 6, false, false, false, 0), 34);
    }

    @Test
    void sameDistributionsWithGatedResidualSkipAndDropout() {
        // nEmbd == nHidden: every stage, the first included, is residual
        assertSameDistributions(dilated(8, List.of(2, 2, 2), 6, 6, true, true, true, 0.2), 35);
        // nEmbd != nHidden: the first stage is not residual
        assertSameDistributions(dilated(8, List.of(2, 2, 2), 4, 6, false, true, false, 0), 36);
        assertSameDistributions(dilated(9, List.of(3, 3), 4, 6, true, false, true, 0), 37);
    }

    @Test
    void sameDistributionsWithReluAndKernelOne() {
        assertSameDistributions(new ModelConfig(ModelKind.DILATED, 8, 4, 6, List.of(2, 2, 2), true, Activation.RELU, true, false, false, false, 0), 40);
        // a kernel-1 stage has no older taps (its bias is added on its own), and a kernel-1 first stage
        assertSameDistributions(dilated(4, List.of(2, 1, 2), 4, 6, false, false, false, 0), 41);
        assertSameDistributions(dilated(4, List.of(1, 2, 2), 4, 6, true, true, true, 0), 42);
    }

    /**
     * Items with the same characters so far share one computed row; items that finish leave their
     * node's other items going on; the rows still match the graph's full pass.
     */
    @Test
    void itemsWithTheSamePrefixShareARow() {
        ModelConfig m = dilated(8, List.of(2, 2, 2), 5, 12, false, false, false, 0);
        ComputationGraph g = trainedOnRandomItems(m, DataType.DOUBLE, 39);
        DilatedSteps.State state = new DilatedSteps(g).state(5);
        state.start(5, new int[] {2});
        assertEquals(1, state.nodes());
        assertEquals(5, state.probabilities().rows());
        state.advance(new int[] {0, 1, 2, 3, 4}, new int[] {1, 1, 2, 1, 2}, 5);
        assertEquals(2, state.nodes());                           // "21" and "22"
        INDArray p = state.probabilities();
        assertEquals(p.getRow(0), p.getRow(1));
        assertEquals(p.getRow(0), p.getRow(3));
        assertEquals(p.getRow(2), p.getRow(4));
        // items 1 and 4 finish; 0 and 3 (one node) go on with the same character, 2 with it too
        state.advance(new int[] {3, 0, 2}, new int[] {3, 3, 3}, 3);
        assertEquals(2, state.nodes());                           // "213" and "223"
        int[][] items = {{2, 1, 3}, {2, 1, 3}, {2, 2, 3}};        // rows: items 3, 0, 2
        ItemBatch b = batch(items);
        INDArray full = g.output(false, new INDArray[] {b.tokens().castTo(DataType.DOUBLE)},
                new INDArray[] {b.mask().castTo(DataType.DOUBLE)})[0];
        INDArray got = state.probabilities();
        for (int r = 0; r < items.length; r++) {
            double d = full.getRow((long) r * b.time() + 3).sub(got.getRow(r)).amaxNumber().doubleValue();
            assertTrue(d < 1e-9, "row " + r + ": " + d);
        }
        // a finished item, or one twice, is refused
        assertThrows(IllegalArgumentException.class, () -> state.advance(new int[] {1}, new int[] {1}, 1));
        state.start(2, new int[0]);
        assertThrows(IllegalArgumentException.class, () -> state.advance(new int[] {0, 0}, new int[] {1, 2}, 2));
    }

    @Test
    void sameDistributionsAsTheGraphInFloat() {
        ModelConfig m = dilated(8, List.of(2, 2, 2), 10, 128, false, false, false, 0);
        ComputationGraph g = trainedOnRandomItems(m, DataType.FLOAT, 38);
        double max = maxDifference(g, m.blockSize(), new int[] {1, 2}, 38);
        assertTrue(max < 1e-5, "max difference " + max);
    }

    /** A small dilated model trained for a few hundred (or {@code steps}) steps on a sixteenth of the names. */
    private static ComputationGraph trainedOnNames(ModelConfig m) {
        return trainedOnNames(m, 300);
    }

    private static ComputationGraph trainedOnNames(ModelConfig m, int steps) {
        ComputationGraph g = TestGraphs.build(m, vocabulary.size(), new Adam(0.01), 5, DataType.FLOAT);
        ItemSampler sampler = new ItemSampler(names, vocabulary, 64, 5, ItemSampler.Mode.ALL);
        for (int step = 0; step < steps; step++) {
            ItemBatch b = sampler.batch(step);
            g.fit(new MultiDataSet(new INDArray[] {b.tokens()}, new INDArray[] {b.targets()}, new INDArray[] {b.mask()}, null));
        }
        return g;
    }

    private static void assertSameItems(ComputationGraph g, int maxLength, int n, SamplingOptions options) {
        assertSameItems(g, g, maxLength, n, options);
    }

    /** The items of the incremental sampler of {@code g} and of the full-pass sampler of {@code oracle}. */
    private static void assertSameItems(ComputationGraph g, ComputationGraph oracle, int maxLength, int n, SamplingOptions options) {
        List<String> expected = new FullPassSampler(oracle, vocabulary, maxLength).sample(n, options);
        List<String> got = new DilatedSampler(g, vocabulary, maxLength).sample(n, options);
        assertEquals(expected, got, options.toString());
    }

    @Test
    void sameItemsAsFullPassesForASeed() {
        ComputationGraph g = trainedOnNames(dilated(8, List.of(2, 2, 2), 8, 32, false, false, false, 0));
        assertSameItems(g, 64, 300, SamplingOptions.seeded(7));
        assertSameItems(g, 64, 200, new SamplingOptions(8, 1.0, 0, "ma"));
        assertSameItems(g, 64, 200, new SamplingOptions(9, 0.6, 5, ""));
        assertSameItems(g, 64, 200, new SamplingOptions(10, 1.7, 0, "x"));
        assertSameItems(g, 64, 200, new SamplingOptions(11, 1e-4, 0, "jo"));  // ~argmax: one item, 200 times
        assertSameItems(g, 5, 100, SamplingOptions.seeded(12));               // many end at maxLength
        assertSameItems(g, 3, 10, new SamplingOptions(13, 1.0, 0, "anna"));    // the prefix is past maxLength
        // more items than one batch: the batches continue one random stream
        assertSameItems(g, 12, ContextSampler.BATCH + 3, SamplingOptions.seeded(14));
    }

    @Test
    void sameItemsAsFullPassesForTheVariants() {
        ComputationGraph g = trainedOnNames(dilated(8, List.of(2, 2, 2), 8, 8, true, true, true, 0), 100);
        assertSameItems(g, 20, 100, SamplingOptions.seeded(21));
        assertSameItems(g, 20, 100, new SamplingOptions(22, 0.8, 4, "el"));
        // with dropout (the identity in inference): the full passes of the same graph without it (see above)
        ComputationGraph dropout = TestGraphs.build(dilated(8, List.of(2, 2, 2), 8, 8, true, true, true, 0.1),
                vocabulary.size(), 5);
        dropout.setParams(g.params());
        assertSameItems(dropout, g, 20, 100, SamplingOptions.seeded(24));
        ComputationGraph k3 = trainedOnNames(dilated(9, List.of(3, 3), 8, 16, false, false, false, 0), 100);
        assertSameItems(k3, 20, 100, SamplingOptions.seeded(23));
    }

    @Test
    void samplesAreSeededPrefixedAndBounded() {
        ComputationGraph g = TestGraphs.build(dilated(4, List.of(2, 2), 3, 8, false, false, false, 0), vocabulary.size(), 5);
        DilatedSampler sampler = new DilatedSampler(g, vocabulary, 12);
        List<String> a = sampler.sample(50, SamplingOptions.seeded(7));
        assertEquals(a, sampler.sample(50, SamplingOptions.seeded(7)));
        assertTrue(!a.equals(sampler.sample(50, SamplingOptions.seeded(8))));
        assertTrue(a.stream().allMatch(s -> s.length() <= 12), a.toString());
        assertTrue(sampler.sample(20, new SamplingOptions(3, 1.0, 0, "fab")).stream().allMatch(s -> s.startsWith("fab")));
        assertEquals(List.of(), sampler.sample(0, SamplingOptions.seeded(1)));
        BadInputException e = assertThrows(BadInputException.class, () -> sampler.sample(1, new SamplingOptions(1, 1, 0, "a1")));
        assertTrue(e.getMessage().contains("'1'"), e.getMessage());
    }
}
