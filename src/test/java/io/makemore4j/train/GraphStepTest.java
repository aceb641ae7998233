package io.makemore4j.train;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.model.GraphSettings;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.config.ModelConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GraphStep} does exactly what {@code graph.fit} does: same losses, parameters, updater state, iteration. */
class GraphStepTest {

    private static MultiDataSet batch(Random rnd, int rows) {
        INDArray x = Nd4j.create(DataType.FLOAT, rows, 4);
        INDArray y = Nd4j.create(DataType.FLOAT, rows, 1);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < 4; t++) {
                x.putScalar(r, t, rnd.nextInt(7));
            }
            y.putScalar(r, 0, rnd.nextInt(7));
        }
        return new MultiDataSet(x, y);
    }

    @Test
    void sameResultsAsGraphFit() {
        for (boolean fused : List.of(false, true)) {
            for (IUpdater updater : List.of(new Sgd(0.1), new Adam(0.01), new Nesterovs(0.05, 0.9))) {
                ModelConfig m = new ModelConfig(ModelKind.FLATTEN, 4, 3, 6, List.of(2, 2), true, Activation.TANH, fused);
                ComputationGraph viaFit = TestGraphs.build(m, 7, updater, 5, DataType.FLOAT);
                ComputationGraph viaStep = TestGraphs.build(m, 7, updater, 5, DataType.FLOAT);
                GraphStep step = new GraphStep(viaStep);
                Random rnd = new Random(1);
                for (int i = 0; i < 15; i++) {
                    MultiDataSet b = batch(rnd, 8);
                    viaFit.fit(b);
                    step.fit(b);
                    assertEquals(viaFit.score(), viaStep.score(), 0.0, updater + " step " + i);
                }
                String what = (fused ? "fused " : "stock ") + updater;
                assertEquals(viaFit.params(), viaStep.params(), what);
                assertEquals(viaFit.getUpdater().getStateViewArray(), viaStep.getUpdater().getStateViewArray(), what);
                assertEquals(viaFit.getIterationCount(), viaStep.getIterationCount(), what);
            }
        }
    }

    @Test
    void returnsTheLossWithoutTheWeightDecayTerm() {
        ModelConfig m = new ModelConfig(ModelKind.FLATTEN, 4, 3, 6, List.of(2, 2), true, Activation.TANH, true);
        ComputationGraph decayed = TestGraphs.build(m, 7, new Adam(0.01), 0.5, 5, DataType.FLOAT);
        ComputationGraph plain = TestGraphs.build(m, 7, new Adam(0.01), 0.0, 5, DataType.FLOAT);
        assertEquals(plain.params(), decayed.params(), "the same initial weights");
        MultiDataSet b = batch(new Random(3), 8);
        double loss = new GraphStep(decayed).fit(b);
        double plainLoss = new GraphStep(plain).fit(b);
        assertEquals(plainLoss, loss, 1e-6, "the cross-entropy of the batch, whatever the weight decay");
        assertTrue(decayed.score() > loss + 0.1, "DL4J's score adds the weight-decay term");
    }

    /** Weights that start at zero (the bigram table) have no penalty at first, and still have weight decay. */
    @Test
    void returnsTheLossWithoutTheWeightDecayTermFromZeroWeightsToo() {
        ModelConfig m = new ModelConfig(ModelKind.BIGRAM, 8, 1, 1, List.of(1), false, Activation.TANH, true);
        ComputationGraph decayed = new ComputationGraph(ModelFamily.of(ModelKind.BIGRAM).configuration(m, 7,
                new GraphSettings(new Adam(0.1), 0.5, 5, DataType.FLOAT)));
        decayed.init();
        assertEquals(0.0, decayed.calcRegularizationScore(true), "zero weights: no penalty yet");
        GraphStep step = new GraphStep(decayed);
        MultiDataSet b = new MultiDataSet(Nd4j.createFromArray(new float[][] {{0, 1, 2}, {0, 3, 4}}),
                Nd4j.createFromArray(new float[] {1, 2, 0, 3, 4, 0}).reshape(6, 1));
        for (int i = 0; i < 5; i++) {
            step.fit(b);
        }
        ComputationGraph copy = decayed.clone();
        double loss = step.fit(b);
        assertTrue(decayed.score() > loss + 1e-3, "the table is no longer zero: DL4J's score adds a penalty");
        assertEquals(new GraphStep(copy).fit(b), loss, 1e-6, "the cross-entropy, as a step made now returns it");
    }

    @Test
    void continuesARestoredGraphWithANewLearningRateLikeFit(@TempDir Path dir) throws IOException {
        for (boolean fused : List.of(false, true)) {
            ModelConfig m = new ModelConfig(ModelKind.FLATTEN, 4, 3, 6, List.of(2, 2), true, Activation.TANH, fused);
            ComputationGraph g = TestGraphs.build(m, 7, new Adam(0.01), 5, DataType.FLOAT);
            Random rnd = new Random(2);
            GraphStep first = new GraphStep(g);
            for (int i = 0; i < 5; i++) {
                first.fit(batch(rnd, 8));
            }
            File file = dir.resolve("g" + fused + ".zip").toFile();
            ModelSerializer.writeModel(g, file, true);
            ComputationGraph viaFit = ModelSerializer.restoreComputationGraph(file, true);
            ComputationGraph viaStep = ModelSerializer.restoreComputationGraph(file, true);
            viaFit.setLearningRate(0.005);
            viaStep.setLearningRate(0.005);
            GraphStep step = new GraphStep(viaStep);
            for (int i = 0; i < 5; i++) {
                MultiDataSet b = batch(rnd, 8);
                viaFit.fit(b);
                step.fit(b);
            }
            assertEquals(viaFit.params(), viaStep.params(), "fused " + fused);
            assertEquals(viaFit.getUpdater().getStateViewArray(), viaStep.getUpdater().getStateViewArray());
        }
    }
}
