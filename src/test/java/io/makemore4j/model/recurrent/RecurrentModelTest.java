package io.makemore4j.model.recurrent;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.sequence.SequenceChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;
import java.util.Random;

/**
 * The recurrent models as the registry builds them (gru, rnn, and lstm with DL4J's own LSTM layer):
 * JSON, save/load, and one row against a batch, where the LSTM's mask handling could differ.
 */
class RecurrentModelTest {

    private static final int VOCAB = 7;

    private static ModelConfig model(ModelKind kind) {
        return SequenceChecks.model(kind, 9, 5, 6);
    }

    @Test
    void configurationJsonRoundTrip() {
        for (ModelKind kind : new ModelKind[] {ModelKind.GRU, ModelKind.RNN, ModelKind.LSTM}) {
            SequenceChecks.jsonRoundTrip(ModelFamily.of(kind).configuration(model(kind), VOCAB,
                    new GraphSettings(new Adam(0.01), 0.01, 5, DataType.FLOAT)));
        }
    }

    @Test
    void lstmModelSerializerRoundTrip(@TempDir File dir) throws IOException {
        Random rnd = new Random(5);
        ComputationGraph g = SequenceChecks.graph(model(ModelKind.LSTM), VOCAB, new Adam(0.01), DataType.FLOAT);
        SequenceChecks.serializerRoundTrip(g, () -> SequenceChecks.batch(SequenceChecks.items(rnd, 6, 8, VOCAB), 9, DataType.FLOAT), dir);
    }

    @Test
    void oneRowEqualsBatchedInference() {
        for (ModelKind kind : new ModelKind[] {ModelKind.GRU, ModelKind.RNN, ModelKind.LSTM}) {
            ComputationGraph g = SequenceChecks.graph(model(kind), VOCAB, new Adam(0.01), DataType.FLOAT);
            SequenceChecks.oneRowEqualsBatched(g, SequenceChecks.items(new Random(9), 9, 8, VOCAB), 9, DataType.FLOAT, 1e-6);
        }
    }
}
