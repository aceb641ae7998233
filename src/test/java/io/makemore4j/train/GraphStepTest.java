package io.makemore4j.train;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        GraphStep decayedStep = new GraphStep(decayed);
        double loss = decayedStep.fit(b);
        double plainLoss = new GraphStep(plain).fit(b);
        assertEquals(plainLoss, loss, 1e-6, "the cross-entropy of the batch, whatever the weight decay");
        assertEquals(decayed.score(), loss, 1e-6, "DecoupledWeightDecay adds no score term");
        decayedStep.fit(b);
        assertTrue(decayed.params().norm2Number().doubleValue() < plain.params().norm2Number().doubleValue() + 1e-3,
                "and still decays the weights");
        assertNotEquals(plain.params(), decayed.params());
    }

    /**
     * With DL4J's own WeightDecay, whose score term DL4J adds, the loss is the score less that term,
     * even when the decayed weights start at zero (no term at first).
     */
    @Test
    void subtractsDl4jsWeightDecayTermEvenFromZeroWeights() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.1))
                .weightDecay(0.5, true).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addLayer("out", new OutputLayer.Builder(new LossSparseMCXENT()).nIn(4).nOut(7).activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .weightInit(WeightInit.ZERO).build(), "in")
                .setOutputs("out").build());
        g.init();
        assertEquals(0.0, g.calcRegularizationScore(true), "zero weights: no term yet");
        GraphStep step = new GraphStep(g);
        MultiDataSet b = batch(new Random(4), 8);
        for (int i = 0; i < 5; i++) {
            step.fit(b);
        }
        ComputationGraph copy = g.clone();
        double loss = step.fit(b);
        assertTrue(g.score() > loss + 1e-3, "the weights are no longer zero: DL4J's score adds its term");
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
