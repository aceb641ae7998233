package io.makemore4j.model.layer;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.model.ModelSummary;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused Linear+BatchNorm+activation layer: gradient check in double precision, equality with
 * the stock Dense + BatchNormalization + ActivationLayer graph (initial weights, training and
 * inference outputs, gradients, running statistics), JSON and ModelSerializer round trips.
 */
class FusedLinearBatchNormTest {

    private static final int VOCAB = 7;

    /** blockSize 4, flatten [2, 2], nEmbd 3, nHidden 5. */
    private static ModelConfig tiny(boolean fused, Activation activation) {
        return new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), true, activation, fused);
    }

    /** The default hierarchical model. */
    private static ModelConfig hierarchical(boolean fused) {
        return new ModelConfig(ModelKind.FLATTEN, 8, 10, 128, List.of(2, 2, 2), true, Activation.TANH, fused);
    }

    private static INDArray contexts(Random rnd, int rows, int blockSize, int vocab, DataType dtype) {
        INDArray x = Nd4j.create(dtype, rows, blockSize);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < blockSize; t++) {
                x.putScalar(r, t, rnd.nextInt(vocab));
            }
        }
        return x;
    }

    private static INDArray labels(Random rnd, int rows, int vocab, DataType dtype) {
        INDArray y = Nd4j.create(dtype, rows, 1);
        for (int r = 0; r < rows; r++) {
            y.putScalar(r, 0, rnd.nextInt(vocab));
        }
        return y;
    }

    /** The stock graph's parameter name of a fused parameter, e.g. fused2_gamma -> bn2_gamma. */
    private static String stockName(String fusedName) {
        int stage = Integer.parseInt(fusedName.substring(5, fusedName.indexOf('_')));
        String param = fusedName.substring(fusedName.indexOf('_') + 1);
        return (param.equals("W") ? "linear" : "bn") + stage + "_" + param;
    }

    private static void assertSameParams(ComputationGraph stock, ComputationGraph fused, double tol) {
        Map<String, INDArray> s = stock.paramTable();
        for (Map.Entry<String, INDArray> e : fused.paramTable().entrySet()) {
            String name = e.getKey().startsWith("fused") ? stockName(e.getKey()) : e.getKey();
            INDArray expected = s.get(name).reshape(e.getValue().shape());
            assertTrue(expected.equalsWithEps(e.getValue(), tol), name + " differs from " + e.getKey());
        }
    }

    @Test
    void gradientCheckInDoublePrecision() {
        DataType savedDefault = Nd4j.dataType();
        DataType savedFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            gradientCheck();
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloatingDefault);
        }
    }

    private static void gradientCheck() {
        for (Activation activation : List.of(Activation.TANH, Activation.RELU)) {
            Random rnd = new Random(7);
            ComputationGraph g = TestGraphs.build(tiny(true, activation), VOCAB, new NoOp(), 8, DataType.DOUBLE);
            INDArray x = contexts(rnd, 6, 4, VOCAB, DataType.DOUBLE);
            INDArray y = labels(rnd, 6, VOCAB, DataType.DOUBLE);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(g)
                    .inputs(new INDArray[] {x})
                    .labels(new INDArray[] {y})
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-9)
                    .excludeParams(Set.of("fused1_mean", "fused1_var", "fused2_mean", "fused2_var"))
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                    .exitOnFirstError(false));
            assertTrue(ok, activation.configName());
        }
    }

    @Test
    void sameParameterCountsAndInitialWeightsAsTheStockGraph() {
        ModelSummary stockSummary = ModelSummary.of(TestGraphs.configuration(hierarchical(false), 27, 1));
        ModelSummary fusedSummary = ModelSummary.of(TestGraphs.configuration(hierarchical(true), 27, 1));
        assertEquals(72_617, fusedSummary.trainableParams());
        assertEquals(stockSummary.batchNormStats(), fusedSummary.batchNormStats());
        ComputationGraph stock = TestGraphs.build(hierarchical(false), 27, 42);
        ComputationGraph fused = TestGraphs.build(hierarchical(true), 27, 42);
        assertEquals(stock.numParams(), fused.numParams());
        assertSameParams(stock, fused, 0.0);
    }

    @Test
    void trainingMatchesTheStockGraphStepByStep() {
        for (Activation activation : List.of(Activation.TANH, Activation.RELU)) {
            ComputationGraph stock = TestGraphs.build(tiny(false, activation), VOCAB, new Adam(0.01), 3, DataType.DOUBLE);
            ComputationGraph fused = TestGraphs.build(tiny(true, activation), VOCAB, new Adam(0.01), 3, DataType.DOUBLE);
            Random rnd = new Random(11);
            for (int step = 0; step < 20; step++) {
                INDArray x = contexts(rnd, 9, 4, VOCAB, DataType.DOUBLE);
                INDArray y = labels(rnd, 9, VOCAB, DataType.DOUBLE);
                stock.fit(new MultiDataSet(x, y));
                fused.fit(new MultiDataSet(x, y));
                assertEquals(stock.score(), fused.score(), 1e-10, activation + " step " + step);
            }
            assertSameParams(stock, fused, 1e-9);
            INDArray x = contexts(rnd, 13, 4, VOCAB, DataType.DOUBLE);
            assertTrue(stock.outputSingle(false, x).equalsWithEps(fused.outputSingle(false, x), 1e-10), activation.configName());
            assertTrue(stock.outputSingle(true, x).equalsWithEps(fused.outputSingle(true, x), 1e-10), activation.configName());
        }
    }

    @Test
    void configurationJsonRoundTrip() {
        ComputationGraphConfiguration conf = TestGraphs.configuration(hierarchical(true), 27, 1);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
    }

    @Test
    void modelSerializerRoundTripKeepsParametersAndUpdaterState(@TempDir File dir) throws IOException {
        ComputationGraph g = TestGraphs.build(hierarchical(true), 27, new Sgd(0.1), 5, DataType.FLOAT);
        Random rnd = new Random(3);
        for (int i = 0; i < 3; i++) {
            g.fit(new MultiDataSet(contexts(rnd, 32, 8, 27, DataType.FLOAT), labels(rnd, 32, 27, DataType.FLOAT)));
        }
        File file = new File(dir, "fused.zip");
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(g.params(), back.params());
        INDArray x = contexts(rnd, 50, 8, 27, DataType.FLOAT);
        assertEquals(g.outputSingle(false, x), back.outputSingle(false, x));
        Set<String> kinds = new HashSet<>();
        ModelSummary.of(back).rows().forEach(r -> kinds.add(r.kind()));
        assertTrue(kinds.contains("Linear+BatchNorm+Tanh"), kinds.toString());
    }
}
