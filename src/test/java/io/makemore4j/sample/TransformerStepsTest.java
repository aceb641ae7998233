package io.makemore4j.sample;

import io.makemore4j.data.EncodedItems;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.SequenceSampler;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.transformer.TransformerModel;
import io.makemore4j.train.GraphStep;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link TransformerSteps}, the key/value cache: every step's distributions are the graph's full
 * pass's at the item's last position, and {@link IncrementalSampler} over it draws the items that
 * full passes draw ({@link FullPassSampler}), batched and as rows finish in any order.
 */
class TransformerStepsTest {

    private static final int BLOCK = 16;
    private static List<String> names;
    private static Vocabulary vocabulary;

    @BeforeAll
    static void corpus() throws IOException {
        List<String> all = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
        names = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 16) {
            if (!all.get(i).isBlank() && all.get(i).length() < BLOCK) {
                names.add(all.get(i));
            }
        }
        vocabulary = Vocabulary.of(names);
    }

    /** A small Transformer (2 blocks of 2 heads, 16 channels) trained a little on names, so that items vary in length. */
    static ComputationGraph trained(DataType dtype) {
        ComputationGraph g = TransformerModel.build(new TransformerModel.Sizes(BLOCK, 2, 2, 16, 0.0), vocabulary.size(),
                new GraphSettings(new Adam(0.01), 0, 5, dtype));
        SequenceSampler batches = new SequenceSampler(EncodedItems.encode(names, vocabulary), 32, BLOCK, 3);
        GraphStep fit = new GraphStep(g);
        for (int step = 0; step < 100; step++) {
            ItemBatch b = batches.batch(step);
            fit.fit(new MultiDataSet(new INDArray[] {b.tokens().castTo(dtype)}, new INDArray[] {b.targets().castTo(dtype)},
                    new INDArray[] {b.mask().castTo(dtype)}, null));
        }
        return g;
    }

    private static void assertSameItems(ComputationGraph g, int maxLength, int n, SamplingOptions options) {
        List<String> expected = new FullPassSampler(g, vocabulary, maxLength).sample(n, options);
        List<String> got = new IncrementalSampler(new TransformerSteps(g), vocabulary, maxLength).sample(n, options);
        assertEquals(expected, got, options.toString());
    }

    @Test
    void incrementalSamplingDrawsTheItemsOfFullPasses() {
        ComputationGraph g = trained(DataType.DOUBLE);
        assertSameItems(g, BLOCK - 1, 300, SamplingOptions.seeded(7));
        assertSameItems(g, BLOCK - 1, 100, new SamplingOptions(8, 1.0, 0, "ma"));
        assertSameItems(g, BLOCK - 1, 100, new SamplingOptions(9, 0.6, 5, ""));
        assertSameItems(g, BLOCK - 1, 100, new SamplingOptions(10, 1.7, 0, "x"));
        assertSameItems(g, 5, 100, SamplingOptions.seeded(12));               // many end at maxLength
    }

    @Test
    void floatGraphsToo() {
        assertSameItems(trained(DataType.FLOAT), BLOCK - 1, 300, SamplingOptions.seeded(21));
    }

    @Test
    void eachStepIsTheFullPassAtTheLastPosition() {
        ComputationGraph g = trained(DataType.DOUBLE);
        int[][] items = {vocabulary.encode("emma"), vocabulary.encode("olivia"), vocabulary.encode("ava")};
        StepModel.State state = new TransformerSteps(g).state(3);
        state.start(3, new int[0]);
        int[] order = {0, 1, 2};
        int active = 3;
        int v = vocabulary.size();
        for (int length = 0; active > 0; length++) {
            float[] got = new float[v];
            for (int b = 0; b < active; b++) {
                int[] prefix = java.util.Arrays.copyOf(items[order[b]], length);
                state.probabilities(b, got);
                assertArrayEquals(fullPass(g, prefix), got, 1e-5f, "item " + order[b] + " after " + length + " characters");
            }
            int next = 0;                                  // items drop out as they end; the rest in reverse order
            int[] tokens = new int[active];
            int[] kept = new int[active];
            for (int b = active - 1; b >= 0; b--) {
                int i = order[b];
                if (length < items[i].length) {
                    tokens[next] = items[i][length];
                    kept[next++] = i;
                }
            }
            order = kept;
            active = next;
            if (active > 0) {
                state.advance(order, tokens, active);
            }
        }
    }

    /** The graph's distribution of the character after {@code prefix}. */
    private static float[] fullPass(ComputationGraph g, int[] prefix) {
        ItemBatch b = ItemBatch.of(new int[][] {prefix}, new int[] {0}, 0, 1);
        INDArray out = g.output(false, new INDArray[] {b.tokens().castTo(DataType.DOUBLE)},
                new INDArray[] {b.mask().castTo(DataType.DOUBLE)})[0];        // (1 * (length+1), vocab)
        return out.getRow(prefix.length).toFloatVector();
    }

    @Test
    void refusesFinishedItemsAndUnknownCharacters() {
        StepModel.State state = new TransformerSteps(trained(DataType.FLOAT)).state(2);
        state.start(2, new int[0]);
        state.advance(new int[] {1}, new int[] {3}, 1);
        assertThrows(IllegalArgumentException.class, () -> state.advance(new int[] {0}, new int[] {3}, 1), "item 0 finished");
        assertThrows(IllegalArgumentException.class, () -> state.advance(new int[] {1}, new int[] {99}, 1));
        assertThrows(IllegalArgumentException.class, () -> state.start(3, new int[0]), "over capacity");
    }
}
