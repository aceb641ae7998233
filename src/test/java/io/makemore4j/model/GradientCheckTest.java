package io.makemore4j.model;

import io.makemore4j.model.vertex.FlattenConsecutive;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks in double precision. Only parameters are perturbed (the
 * embedding's inputs are integer indices). BatchNorm's running mean/variance are excluded: DL4J
 * carries their running-average update as a pseudo-gradient, which is not a derivative of the loss.
 */
class GradientCheckTest {

    private static DataType savedDefault;
    private static DataType savedFloatingDefault;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingDefault);
    }

    private static boolean check(ComputationGraph g, INDArray x, INDArray y, Set<String> exclude) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {x})
                .labels(new INDArray[] {y})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .excludeParams(exclude)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
    }

    private static ComputationGraph vertexGraph(boolean hiddenLayerBetween) {
        // in (batch, 4, 3) -> flatten(2) (batch*2, 6) [-> dense tanh (batch*2, 4)] -> flatten(2) -> out
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(12)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in");
        long channels;
        if (hiddenLayerBetween) {
            b.addVertex("f1", new FlattenConsecutive(2, 4), "in")
                    .addLayer("d", new DenseLayer.Builder().nIn(6).nOut(4).activation(Activation.TANH).build(), "f1")
                    .addVertex("f2", new FlattenConsecutive(2, 2), "d");
            channels = 8;
        } else {
            b.addVertex("f2", new FlattenConsecutive(4, 4), "in");
            channels = 12;
        }
        b.addLayer("out", new OutputLayer.Builder(new LossSparseMCXENT()).nIn(channels).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "f2")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    @Test
    void vertexAloneBeforeAnOutputLayer() {
        Random rnd = new Random(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4, 3).subi(0.5);
        assertTrue(check(vertexGraph(false), x, TestModels.labels(rnd, 3, 5, DataType.DOUBLE), Set.of()));
    }

    @Test
    void vertexBetweenLayersMapsGradientsBack() {
        Random rnd = new Random(6);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4, 3).subi(0.5);
        assertTrue(check(vertexGraph(true), x, TestModels.labels(rnd, 3, 5, DataType.DOUBLE), Set.of()));
    }

    @Test
    void wholeSmallModelWithBatchNorm() {
        Random rnd = new Random(7);
        int vocab = 7;
        ComputationGraph g = TestGraphs.build(TestModels.tiny(true), vocab, new NoOp(), 8, DataType.DOUBLE);
        INDArray x = TestModels.contexts(rnd, 6, 4, vocab, DataType.DOUBLE);
        INDArray y = TestModels.labels(rnd, 6, vocab, DataType.DOUBLE);
        assertTrue(check(g, x, y, Set.of("bn1_mean", "bn1_var", "bn2_mean", "bn2_var")));
    }

    @Test
    void wholeSmallModelWithoutBatchNorm() {
        Random rnd = new Random(8);
        int vocab = 7;
        ComputationGraph g = TestGraphs.build(TestModels.tiny(false), vocab, new NoOp(), 9, DataType.DOUBLE);
        INDArray x = TestModels.contexts(rnd, 6, 4, vocab, DataType.DOUBLE);
        INDArray y = TestModels.labels(rnd, 6, vocab, DataType.DOUBLE);
        assertTrue(check(g, x, y, Set.of()));
    }
}
