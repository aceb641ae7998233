package io.makemore4j.model.transformer;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.sequence.SequenceChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.File;
import java.io.IOException;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Transformer's graph: makemore's parameter count; finite-difference gradient checks in double
 * precision through every layer, with items of different lengths (masks), several heads and
 * dropout; JSON and {@code ModelSerializer} round trips; one-row inference equal to batched.
 */
class TransformerModelTest {

    static final int VOCAB = 7;

    private static ComputationGraph graph(TransformerModel.Sizes sizes, GraphSettings settings) {
        return TransformerModel.build(sizes, VOCAB, settings);
    }

    @Test
    void makemoreSizesHaveMakemoresParameterCount() {
        ComputationGraph g = TransformerModel.build(new TransformerModel.Sizes(16, 4, 4, 64, 0.0), 27, GraphSettings.sgd(1));
        assertEquals(204_544, g.numParams());
    }

    private static void gradientCheck(TransformerModel.Sizes sizes, long seed) {
        SequenceChecks.inDouble(() -> {
            ComputationGraph g = graph(sizes, new GraphSettings(new NoOp(), 0.0, seed, DataType.DOUBLE));
            g.getConfiguration().setIterationCount(3);   // the dropout masks of step 3
            int[][] items = SequenceChecks.items(new Random(seed), 5, sizes.blockSize() - 1, VOCAB);
            SequenceChecks.gradientCheck(g, SequenceChecks.batch(items, sizes.blockSize(), DataType.DOUBLE), Set.of());
        });
    }

    @Test
    void gradientsOfTwoBlocksOfTwoHeadsWithMasks() {
        gradientCheck(new TransformerModel.Sizes(6, 2, 2, 8, 0.0), 11);
    }

    @Test
    void gradientsWithDropout() {
        gradientCheck(new TransformerModel.Sizes(5, 1, 2, 8, 0.3), 12);
    }

    @Test
    void gradientsOfOneHeadWithLongItems() {
        gradientCheck(new TransformerModel.Sizes(9, 1, 1, 4, 0.0), 13);
    }

    @Test
    void configurationSurvivesJson() {
        SequenceChecks.jsonRoundTrip(TransformerModel.configuration(new TransformerModel.Sizes(16, 3, 4, 32, 0.1), 27,
                new GraphSettings(new Adam(5e-4, 0.9, 0.99, 1e-8), 0.01, 4, DataType.FLOAT)));
    }

    @Test
    void serializerRoundTripKeepsParametersUpdaterAndOutputs(@TempDir File dir) throws IOException {
        TransformerModel.Sizes sizes = new TransformerModel.Sizes(8, 2, 2, 8, 0.2);
        ComputationGraph g = graph(sizes, new GraphSettings(new Adam(0.01), 0.1, 5, DataType.FLOAT));
        Random rnd = new Random(5);
        SequenceChecks.serializerRoundTrip(g, () -> SequenceChecks.batch(SequenceChecks.items(rnd, 6, 7, VOCAB), 8,
                DataType.FLOAT), dir);
    }

    @Test
    void oneRowInferenceEqualsBatchedInference() {
        TransformerModel.Sizes sizes = new TransformerModel.Sizes(12, 2, 2, 8, 0.0);
        int[][] items = SequenceChecks.items(new Random(6), 20, 11, VOCAB);
        SequenceChecks.inDouble(() -> SequenceChecks.oneRowEqualsBatched(
                graph(sizes, new GraphSettings(new NoOp(), 0, 6, DataType.DOUBLE)), items, 12, DataType.DOUBLE, 1e-12));
        SequenceChecks.oneRowEqualsBatched(graph(sizes, GraphSettings.sgd(6)), items, 12, DataType.FLOAT, 1e-5);
    }

    @Test
    void trainingPassesOverManyBatchShapes() {
        // the layers keep their arrays by row count: batches of many lengths reuse and rebuild them
        TransformerModel.Sizes sizes = new TransformerModel.Sizes(10, 1, 2, 8, 0.1);
        ComputationGraph g = graph(sizes, new GraphSettings(new Adam(0.01), 0, 7, DataType.FLOAT));
        Random rnd = new Random(7);
        double first = Double.NaN;
        double last = Double.NaN;
        int[][] items = SequenceChecks.items(rnd, 64, 9, VOCAB);
        for (int step = 0; step < 60; step++) {
            int n = 1 + rnd.nextInt(items.length);
            int[][] some = java.util.Arrays.copyOf(items, n);
            ItemBatch b = SequenceChecks.batch(some, 10, DataType.FLOAT);
            g.fit(SequenceChecks.dataSet(b));
            last = g.score();
            first = Double.isNaN(first) ? last : first;
        }
        org.junit.jupiter.api.Assertions.assertTrue(last < first, "the loss falls: " + first + " -> " + last);
    }
}
