package io.makemore4j.model.recurrent;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.model.sequence.SequenceChecks;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.model.sequence.SequenceGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.File;
import java.io.IOException;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RecurrentCell} (GRU and plain) in a small graph: gradients, JSON, save/load, one row against a batch. */
class RecurrentCellTest {

    private static final int VOCAB = 7;

    static ComputationGraph graph(boolean gated, IUpdater updater, DataType dtype) {
        ComputationGraphConfiguration conf = configuration(gated, updater, dtype);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static ComputationGraphConfiguration configuration(boolean gated, IUpdater updater, DataType dtype) {
        return SequenceGraph.builder(new GraphSettings(updater, 0, 5, dtype))
                .addLayer(SequenceGraph.EMBEDDING, SequenceGraph.embedding(VOCAB, 5, 0), SequenceGraph.ITEMS)
                .addLayer("cell", new RecurrentCell.Builder().gated(gated).nIn(5).nOut(4).build(), SequenceGraph.EMBEDDING)
                .addLayer(SequenceGraph.OUTPUT, SequenceGraph.output(4, VOCAB), "cell")
                .setOutputs(SequenceGraph.OUTPUT)
                .build();
    }

    @Test
    void gradientCheckWithPaddedItems() {
        for (boolean gated : new boolean[] {true, false}) {
            SequenceChecks.inDouble(() -> {
                ComputationGraph g = graph(gated, new NoOp(), DataType.DOUBLE);
                // a non-zero start state, so that its gradient path is checked with non-trivial values
                g.getLayer("cell").getParam(RecurrentCell.START).assign(0.3);
                ItemBatch b = SequenceChecks.batch(SequenceChecks.items(new Random(3), 4, 5, VOCAB), 7, DataType.DOUBLE);
                SequenceChecks.gradientCheck(g, b, Set.of());
            });
        }
    }

    /** With a mask, positions after the longest item are not computed; the real positions are what all T give. */
    @Test
    void positionsAfterTheLongestItemChangeNothing() {
        for (boolean gated : new boolean[] {true, false}) {
            ComputationGraph g = graph(gated, new Adam(0.01), DataType.DOUBLE);
            ItemBatch b = SequenceChecks.batch(SequenceChecks.items(new Random(4), 5, 4, VOCAB), 11, DataType.DOUBLE);
            INDArray masked = SequenceChecks.output(g, b);                               // computes 5 positions
            INDArray all = g.output(false, b.tokens())[0];                               // no mask: all 11
            float[] mask = b.mask().castTo(DataType.FLOAT).data().asFloat();
            for (int r = 0; r < mask.length; r++) {
                if (mask[r] != 0) {
                    assertTrue(all.getRow(r).equalsWithEps(masked.getRow(r), 1e-12), "row " + r);
                }
            }
        }
    }

    @Test
    void configurationJsonRoundTrip() {
        SequenceChecks.jsonRoundTrip(configuration(true, new Adam(0.01), DataType.FLOAT));
        SequenceChecks.jsonRoundTrip(configuration(false, new Adam(0.01), DataType.FLOAT));
    }

    @Test
    void modelSerializerRoundTrip(@TempDir File dir) throws IOException {
        Random rnd = new Random(5);
        ComputationGraph g = graph(true, new Adam(0.01), DataType.FLOAT);
        SequenceChecks.serializerRoundTrip(g, () -> SequenceChecks.batch(SequenceChecks.items(rnd, 6, 6, VOCAB), 8, DataType.FLOAT),
                dir);
    }

    @Test
    void oneRowEqualsBatchedInference() {
        for (boolean gated : new boolean[] {true, false}) {
            ComputationGraph g = graph(gated, new Adam(0.01), DataType.FLOAT);
            SequenceChecks.oneRowEqualsBatched(g, SequenceChecks.items(new Random(9), 9, 7, VOCAB), 9, DataType.FLOAT, 1e-6);
        }
    }
}
