package io.makemore4j.sample;

import io.makemore4j.data.EncodedItems;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.data.SequenceSampler;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.config.ModelKind;
import io.makemore4j.model.sequence.SequenceChecks;
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
 * {@link GraphSteps} with {@link IncrementalSampler}: a stateful graph stepped one character at a time
 * (its state rows pulled as items finish) draws the items that full passes draw ({@link FullPassSampler}).
 */
class GraphStepsTest {

    private static List<String> names;
    private static Vocabulary vocabulary;

    @BeforeAll
    static void corpus() throws IOException {
        List<String> all = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
        names = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 16) {
            if (!all.get(i).isBlank() && all.get(i).length() < 16) {
                names.add(all.get(i));
            }
        }
        vocabulary = Vocabulary.of(names);
    }

    /** A small GRU trained a little on names, so that items vary in length. */
    static ComputationGraph trainedGru(DataType dtype) {
        return trained(ModelKind.GRU, dtype);
    }

    /** A small sequence model of this kind trained a little on names. */
    static ComputationGraph trained(ModelKind kind, DataType dtype) {
        ComputationGraph g = SequenceChecks.graph(SequenceChecks.model(kind, 16, 8, 16), vocabulary.size(), new Adam(0.01), dtype);
        SequenceSampler batches = new SequenceSampler(EncodedItems.encode(names, vocabulary), 32, 16, 3);
        for (int step = 0; step < 80; step++) {
            ItemBatch b = batches.batch(step);
            g.fit(new MultiDataSet(new INDArray[] {b.tokens().castTo(dtype)}, new INDArray[] {b.targets().castTo(dtype)},
                    new INDArray[] {b.mask().castTo(dtype)}, null));
        }
        return g;
    }

    /** The incremental sampler against full passes, for a seed and options. */
    static void assertSameItems(ComputationGraph g, Vocabulary vocabulary, int maxLength, int n, SamplingOptions options) {
        List<String> expected = new FullPassSampler(g, vocabulary, maxLength).sample(n, options);
        List<String> got = new IncrementalSampler(new GraphSteps(g), vocabulary, maxLength).sample(n, options);
        assertEquals(expected, got, options.toString());
    }

    @Test
    void incrementalSamplingDrawsTheItemsOfFullPasses() {
        ComputationGraph g = trainedGru(DataType.DOUBLE);
        assertSameItems(g, vocabulary, 15, 200, SamplingOptions.seeded(7));
        assertSameItems(g, vocabulary, 15, 100, new SamplingOptions(8, 1.0, 0, "ma"));
        assertSameItems(g, vocabulary, 15, 100, new SamplingOptions(9, 0.6, 5, ""));
        assertSameItems(g, vocabulary, 15, 100, new SamplingOptions(10, 1.7, 0, "x"));
        assertSameItems(g, vocabulary, 5, 100, SamplingOptions.seeded(12));               // many end at maxLength
        assertSameItems(g, vocabulary, 3, 10, new SamplingOptions(13, 1.0, 0, "anna"));    // the prefix is past maxLength
    }

    @Test
    void everySequenceModelSamplesIncrementallyAsFullPassesDo() {
        for (ModelKind kind : new ModelKind[] {ModelKind.RNN, ModelKind.LSTM, ModelKind.BOW, ModelKind.BIGRAM}) {
            ComputationGraph g = trained(kind, DataType.DOUBLE);
            assertSameItems(g, vocabulary, 15, 60, SamplingOptions.seeded(31));
            assertSameItems(g, vocabulary, 15, 30, new SamplingOptions(32, 0.8, 4, "el"));
        }
    }

    @Test
    void floatGraphsToo() {
        assertSameItems(trainedGru(DataType.FLOAT), vocabulary, 15, 200, SamplingOptions.seeded(21));
    }

    @Test
    void statesAreRowsThatFollowTheirItems() {
        ComputationGraph g = trainedGru(DataType.DOUBLE);
        StepModel.State state = new GraphSteps(g).state(3);
        state.start(3, vocabulary.encode("a"));
        int v = vocabulary.size();
        float[] r0 = new float[v];
        float[] r2 = new float[v];
        state.probabilities(0, r0);
        state.probabilities(2, r2);
        assertArrayEquals(r0, r2, "all items start alike");
        int n = vocabulary.encode('n');
        int b = vocabulary.encode('b');
        state.advance(new int[] {2, 0}, new int[] {n, b}, 2);    // item 1 finished; item 2 first now
        float[] an = new float[v];
        state.probabilities(0, an);
        StepModel.State fresh = new GraphSteps(g).state(1);
        fresh.start(1, vocabulary.encode("an"));
        float[] expected = new float[v];
        fresh.probabilities(0, expected);
        assertArrayEquals(expected, an, 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> state.advance(new int[] {1}, new int[] {n}, 1), "item 1 is finished");
    }
}
