package io.makemore4j.model.bow;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
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

/** The bag-of-words model's layers (token + position embedding, {@link CausalBow}): gradients, JSON, save/load, one row against a batch. */
class CausalBowTest {

    private static final int VOCAB = 7;
    private static final ModelConfig BOW = SequenceChecks.model(ModelKind.BOW, 8, 5, 6);

    @Test
    void gradientCheckWithPaddedItems() {
        SequenceChecks.inDouble(() -> {
            ComputationGraph g = SequenceChecks.graph(BOW, VOCAB, new NoOp(), DataType.DOUBLE);
            ItemBatch b = SequenceChecks.batch(SequenceChecks.items(new Random(3), 4, 6, VOCAB), 8, DataType.DOUBLE);
            SequenceChecks.gradientCheck(g, b, Set.of());
        });
    }

    @Test
    void causalMeanIsTheAverageOfThePositionsSoFar() {
        ComputationGraph g = SequenceChecks.graph(BOW, VOCAB, new NoOp(), DataType.DOUBLE);
        // with the MLP's output weights and bias zero, the block is x + mean(x_0..x_t)
        g.getLayer(BowModel.BOW).getParam(CausalBow.W2).assign(0);
        g.getLayer(BowModel.BOW).getParam(CausalBow.B2).assign(0);
        ItemBatch b = SequenceChecks.batch(new int[][] {{1, 2, 3}}, 4, DataType.DOUBLE);
        var acts = g.feedForward(new org.nd4j.linalg.api.ndarray.INDArray[] {b.tokens()}, false);
        var x = acts.get("embedding");                                     // (1, 4, 5)
        var y = acts.get(BowModel.BOW);
        for (int t = 0; t < 4; t++) {
            for (int j = 0; j < 5; j++) {
                double mean = 0;
                for (int s = 0; s <= t; s++) {
                    mean += x.getDouble(0, s, j);
                }
                assertEquals(x.getDouble(0, t, j) + mean / (t + 1), y.getDouble(0, t, j), 1e-12);
            }
        }
    }

    @Test
    void configurationJsonRoundTrip() {
        SequenceChecks.jsonRoundTrip(io.makemore4j.family.ModelFamily.of(ModelKind.BOW)
                .configuration(BOW, VOCAB, new GraphSettings(new Adam(0.01), 0.01, 5, DataType.FLOAT)));
    }

    @Test
    void modelSerializerRoundTrip(@TempDir File dir) throws IOException {
        Random rnd = new Random(5);
        ComputationGraph g = SequenceChecks.graph(BOW, VOCAB, new Adam(0.01), DataType.FLOAT);
        SequenceChecks.serializerRoundTrip(g, () -> SequenceChecks.batch(SequenceChecks.items(rnd, 6, 7, VOCAB), 8, DataType.FLOAT), dir);
    }

    @Test
    void oneRowEqualsBatchedInference() {
        ComputationGraph g = SequenceChecks.graph(BOW, VOCAB, new Adam(0.01), DataType.FLOAT);
        SequenceChecks.oneRowEqualsBatched(g, SequenceChecks.items(new Random(9), 9, 7, VOCAB), 8, DataType.FLOAT, 1e-6);
    }
}
