package io.makemore4j.model.layer;

import io.makemore4j.train.GraphStep;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link StepDropout}: masks a function of (seed, salt, iteration), so a resumed run trains exactly as an uninterrupted one. */
class StepDropoutTest {

    @Test
    void masksArePureFunctionsOfSeedSaltAndIteration() {
        float[] m = StepDropout.mask(42, 1, 7, 10_000, 0.25);
        assertArrayEquals(m, StepDropout.mask(42, 1, 7, 10_000, 0.25));
        assertFalse(Arrays.equals(m, StepDropout.mask(42, 1, 8, 10_000, 0.25)), "another iteration");
        assertFalse(Arrays.equals(m, StepDropout.mask(42, 2, 7, 10_000, 0.25)), "another salt");
        assertFalse(Arrays.equals(m, StepDropout.mask(43, 1, 7, 10_000, 0.25)), "another seed");
        int zeros = 0;
        for (float v : m) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.75f, v, 1e-6f);
            }
        }
        assertEquals(2500, zeros, 150);
    }

    private static ComputationGraphConfiguration conf() {
        return new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.01)).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(6).nOut(16).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(new LossSparseMCXENT()).nIn(16).nOut(5).activation(Activation.SOFTMAX)
                        .dropOut(new StepDropout(0.3, 42, 1)).build(), "hidden")
                .setOutputs("out").build();
    }

    private static MultiDataSet batch(int step) {
        Nd4j.getRandom().setSeed(1000 + step);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 6);
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 2, 3, 4, 0, 1, 2}).reshape(8, 1);
        return new MultiDataSet(x, y);
    }

    @Test
    void survivesJsonAndAResumeTrainsExactlyAsAnUninterruptedRun(@TempDir File dir) throws IOException {
        ComputationGraphConfiguration conf = conf();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        ComputationGraph straight = new ComputationGraph(conf());
        straight.init();
        GraphStep step = new GraphStep(straight);
        for (int s = 0; s < 6; s++) {
            step.fit(batch(s));
        }
        ComputationGraph first = new ComputationGraph(conf());
        first.init();
        GraphStep firstStep = new GraphStep(first);
        for (int s = 0; s < 3; s++) {
            firstStep.fit(batch(s));
        }
        File file = new File(dir, "half.zip");
        ModelSerializer.writeModel(first, file, true);
        Nd4j.getRandom().setSeed(999);          // the global generator's state is not in the checkpoint
        ComputationGraph resumed = ModelSerializer.restoreComputationGraph(file, true);
        GraphStep resumedStep = new GraphStep(resumed);
        for (int s = 3; s < 6; s++) {
            resumedStep.fit(batch(s));
        }
        assertEquals(straight.params(), resumed.params());
        ComputationGraph without = new ComputationGraph(conf());
        without.init();
        INDArray x = batch(0).getFeatures(0);
        assertNotEquals(without.outputSingle(true, x), without.outputSingle(false, x), "dropout acts in training");
        assertEquals(without.outputSingle(false, x), without.outputSingle(false, x));
    }
}
