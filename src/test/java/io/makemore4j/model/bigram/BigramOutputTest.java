package io.makemore4j.model.bigram;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.data.ItemBatch;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.sequence.SequenceChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BigramOutput}: a zero-initialised table whose gradient is checked, JSON, save/load, one row against a batch. */
class BigramOutputTest {

    private static final int VOCAB = 6;
    private static final ModelConfig BIGRAM = SequenceChecks.model(ModelKind.BIGRAM, 8, 1, 1);

    @Test
    void startsUniformAndPassesAGradientCheckWithPaddedItems() {
        SequenceChecks.inDouble(() -> {
            ComputationGraph g = SequenceChecks.graph(BIGRAM, VOCAB, new NoOp(), DataType.DOUBLE);
            ItemBatch b = SequenceChecks.batch(SequenceChecks.items(new Random(3), 5, 6, VOCAB), 8, DataType.DOUBLE);
            INDArray p = SequenceChecks.output(g, b);
            assertEquals(1.0 / VOCAB, p.getDouble(3, 2), 1e-12, "zero logits: uniform");
            g.params().assign(org.nd4j.linalg.factory.Nd4j.randn(DataType.DOUBLE, 1, g.numParams()));
            SequenceChecks.gradientCheck(g, b, Set.of());
        });
    }

    @Test
    void learnsTheBigramFrequencies() {
        // one item "ab" (1, 2) repeated: after '.' always a, after a always b, after b the end
        ComputationGraph g = SequenceChecks.graph(BIGRAM, VOCAB, new Sgd(1.0), DataType.FLOAT);
        ItemBatch b = SequenceChecks.batch(new int[][] {{1, 2}, {1, 2}}, 4, DataType.FLOAT);
        for (int i = 0; i < 300; i++) {
            g.fit(SequenceChecks.dataSet(b));
        }
        INDArray p = SequenceChecks.output(g, b);
        assertTrue(p.getDouble(0, 1) > 0.95, p.getRow(0).toString());
        assertTrue(p.getDouble(1, 2) > 0.95, p.getRow(1).toString());
        assertTrue(p.getDouble(2, 0) > 0.95, p.getRow(2).toString());
    }

    @Test
    void configurationJsonRoundTrip() {
        SequenceChecks.jsonRoundTrip(ModelFamily.of(ModelKind.BIGRAM)
                .configuration(BIGRAM, VOCAB, new GraphSettings(new Adam(0.01), 0.01, 5, DataType.FLOAT)));
    }

    @Test
    void modelSerializerRoundTrip(@TempDir File dir) throws IOException {
        Random rnd = new Random(5);
        ComputationGraph g = SequenceChecks.graph(BIGRAM, VOCAB, new Adam(0.01), DataType.FLOAT);
        SequenceChecks.serializerRoundTrip(g, () -> SequenceChecks.batch(SequenceChecks.items(rnd, 6, 7, VOCAB), 8, DataType.FLOAT), dir);
    }

    @Test
    void oneRowEqualsBatchedInference() {
        ComputationGraph g = SequenceChecks.graph(BIGRAM, VOCAB, new Adam(0.01), DataType.FLOAT);
        g.params().assign(org.nd4j.linalg.factory.Nd4j.randn(DataType.FLOAT, 1, g.numParams()));
        SequenceChecks.oneRowEqualsBatched(g, SequenceChecks.items(new Random(9), 9, 7, VOCAB), 8, DataType.FLOAT, 1e-6);
    }
}
