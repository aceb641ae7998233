package io.makemore4j.model;

import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.makemore4j.model.TestModels.VOCAB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built graph: structure, parameter counts, initialisation, serialisation, inference, training. */
class FlattenModelTest {

    private static long trainable(ModelConfig m) {
        return ModelSummary.of(TestGraphs.configuration(m, VOCAB, 1)).trainableParams();
    }

    @Test
    void trainableParameterCountsMatchTheReference() {
        assertEquals(72_617, trainable(TestModels.hierarchical()));
        assertEquals(76_579, trainable(TestModels.hierarchical(24)));
        assertEquals(12_097, trainable(TestModels.mlp()));
    }

    @Test
    void builtGraphHoldsTheTrainableParametersPlusBatchNormStatistics() {
        ComputationGraph g = TestGraphs.build(TestModels.hierarchical(), VOCAB, 1);
        ModelSummary s = ModelSummary.of(g);
        assertEquals(768, s.batchNormStats());
        assertEquals(72_617 + 768, g.numParams());
    }

    @Test
    void layersAreNamedAndConnectedInOrderWithoutPreprocessors() {
        ComputationGraphConfiguration conf = TestGraphs.configuration(TestModels.hierarchical(), VOCAB, 1);
        assertEquals(List.of(Graphs.INPUT), conf.getNetworkInputs());
        assertEquals(List.of(Graphs.OUTPUT), conf.getNetworkOutputs());
        List<String> expected = new ArrayList<>(List.of("embedding"));
        for (int i = 1; i <= 3; i++) {
            expected.addAll(List.of("flatten" + i, "linear" + i, "bn" + i, "act" + i));
        }
        expected.add("out");
        List<String> names = ModelSummary.of(conf).rows().stream().map(ModelSummary.Row::name).toList();
        assertEquals(expected, names);
        String previous = Graphs.INPUT;
        for (String name : expected) {
            assertEquals(List.of(previous), conf.getVertexInputs().get(name), name);
            if (conf.getVertices().get(name) instanceof LayerVertex lv) {
                assertNull(lv.getPreProcessor(), name + " has a preprocessor");
            }
            previous = name;
        }
        EmbeddingSequenceLayer e = (EmbeddingSequenceLayer) ((LayerVertex) conf.getVertices().get("embedding"))
                .getLayerConf().getLayer();
        assertEquals(VOCAB, e.getNIn());
        assertEquals(8, e.getInputLength());
    }

    @Test
    void withoutBatchNormTheLinearLayersHaveBiases() {
        ModelConfig m = new ModelConfig(ModelKind.FLATTEN, 8, 10, 128, List.of(2, 2, 2), false, Activation.RELU, false);
        ModelSummary s = ModelSummary.of(TestGraphs.configuration(m, VOCAB, 1));
        // 72,617 - 3 * 256 (gamma, beta) + 3 * 128 (biases)
        assertEquals(72_617 - 768 + 384, s.trainableParams());
        assertEquals(0, s.batchNormStats());
        assertTrue(s.rows().stream().noneMatch(r -> r.name().startsWith("bn")));
    }

    @Test
    void initialisationFollowsTheReference() {
        ComputationGraph g = TestGraphs.build(TestModels.hierarchical(), VOCAB, 7);
        assertStd(1.0, g.getParam("embedding_W"), 0.15);
        assertStd(1 / Math.sqrt(20), g.getParam("linear1_W"), 0.06);
        assertStd(1 / Math.sqrt(256), g.getParam("linear2_W"), 0.03);
        assertStd(0.1 / Math.sqrt(128), g.getParam("out_W"), 0.06);
        assertEquals(0.0, g.getParam("out_b").norm1Number().doubleValue());
        assertEquals(128.0, g.getParam("bn1_gamma").sumNumber().doubleValue());
        assertEquals(0.0, g.getParam("bn1_beta").norm1Number().doubleValue());
        assertEquals(0.0, g.getParam("bn1_mean").norm1Number().doubleValue());
        assertEquals(128.0, g.getParam("bn1_var").sumNumber().doubleValue());
    }

    private static void assertStd(double expected, INDArray w, double relTol) {
        double std = w.stdNumber().doubleValue();
        assertEquals(expected, std, expected * relTol, "std " + std);
        assertEquals(0.0, w.meanNumber().doubleValue(), 4 * expected / Math.sqrt(w.length()));
    }

    @Test
    void contextsOfAnotherLengthAreRejected() {
        ComputationGraph g = TestGraphs.build(TestModels.hierarchical(), VOCAB, 1);
        INDArray wrong = TestModels.contexts(new Random(9), 4, 7, VOCAB, DataType.FLOAT);
        RuntimeException e = assertThrows(RuntimeException.class, () -> g.outputSingle(false, wrong));
        assertTrue(String.valueOf(e.getMessage()).contains("input length: 8"), e.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        assertEquals(TestGraphs.build(TestModels.hierarchical(), VOCAB, 3).params(),
                TestGraphs.build(TestModels.hierarchical(), VOCAB, 3).params());
    }

    @Test
    void doublePrecisionOnRequest() {
        ComputationGraph g = TestGraphs.build(TestModels.tiny(true), 7, new Sgd(0.1), 1, DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, g.params().dataType());
    }

    @Test
    void refusesAVocabularyWithNothingToPredict() {
        // the model section itself was validated with the config (flatten product, activation names)
        assertThrows(BadInputException.class, () -> TestGraphs.configuration(TestModels.hierarchical(), 1, 1));
    }

    @Test
    void saveAndRestoreGiveIdenticalOutputsAndTraining(@TempDir File dir) throws IOException {
        Random rnd = new Random(1);
        ComputationGraph g = TestGraphs.build(TestModels.hierarchical(), VOCAB, new Adam(1e-2), 5, DataType.FLOAT);
        for (int i = 0; i < 3; i++) {
            g.fit(new INDArray[] {TestModels.contexts(rnd, 32, 8, VOCAB, DataType.FLOAT)},
                    new INDArray[] {TestModels.labels(rnd, 32, VOCAB, DataType.FLOAT)});
        }
        File file = new File(dir, "model.zip");
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(g.getConfiguration(), r.getConfiguration());
        assertEquals(g.params(), r.params());
        assertEquals(g.getUpdater().getStateViewArray(), r.getUpdater().getStateViewArray());
        INDArray x = TestModels.contexts(rnd, 9, 8, VOCAB, DataType.FLOAT);
        assertEquals(g.outputSingle(false, x), r.outputSingle(false, x));

        // the restored updater state continues training exactly as the original
        INDArray[] xs = {TestModels.contexts(rnd, 32, 8, VOCAB, DataType.FLOAT)};
        INDArray[] ys = {TestModels.labels(rnd, 32, VOCAB, DataType.FLOAT)};
        g.fit(xs, ys);
        r.fit(xs, ys);
        assertEquals(g.params(), r.params());
    }

    @Test
    void inferenceOfARowDoesNotDependOnTheBatchAroundIt() {
        Random rnd = new Random(2);
        ComputationGraph g = TestGraphs.build(TestModels.hierarchical(), VOCAB, 11);
        for (int i = 0; i < 5; i++) {
            g.fit(new INDArray[] {TestModels.contexts(rnd, 32, 8, VOCAB, DataType.FLOAT)},
                    new INDArray[] {TestModels.labels(rnd, 32, VOCAB, DataType.FLOAT)});
        }
        assertTrue(g.getParam("bn3_mean").norm1Number().doubleValue() > 0, "running mean still zero");

        INDArray row = TestModels.contexts(rnd, 1, 8, VOCAB, DataType.FLOAT);
        INDArray alone = g.outputSingle(false, row);                  // (1, vocab)
        assertArrayEquals(new long[] {1, VOCAB}, alone.shape());
        assertEquals(1.0, alone.sumNumber().doubleValue(), 1e-5);
        for (int size : new int[] {5, 32, 1}) {
            INDArray batch = TestModels.contexts(rnd, size, 8, VOCAB, DataType.FLOAT);
            int at = size / 2;
            batch.putRow(at, row);
            INDArray out = g.outputSingle(false, batch);              // (size, vocab)
            assertArrayEquals(new long[] {size, VOCAB}, out.shape());
            INDArray mine = out.get(NDArrayIndex.interval(at, at + 1), NDArrayIndex.all());
            assertTrue(alone.equalsWithEps(mine, 1e-5), "batch " + size + ": " + alone + " vs " + mine);
        }
        // training mode on another batch size still works (no stored batch size anywhere)
        g.fit(new INDArray[] {TestModels.contexts(rnd, 7, 8, VOCAB, DataType.FLOAT)},
                new INDArray[] {TestModels.labels(rnd, 7, VOCAB, DataType.FLOAT)});
    }

    @Test
    void twoHundredSgdStepsReduceTheLossOnASyntheticTask() {
        // next symbol = the last symbol of a 4-symbol context
        int vocab = 7;
        Random rnd = new Random(3);
        ComputationGraph g = TestGraphs.build(TestModels.tiny(true), vocab, new Sgd(0.1), 4, DataType.FLOAT);
        INDArray evalX = TestModels.contexts(rnd, 256, 4, vocab, DataType.FLOAT);
        MultiDataSet eval = new MultiDataSet(evalX, target(evalX, vocab));
        double before = g.score(eval, false);
        for (int i = 0; i < 200; i++) {
            INDArray x = TestModels.contexts(rnd, 32, 4, vocab, DataType.FLOAT);
            g.fit(new INDArray[] {x}, new INDArray[] {target(x, vocab)});
        }
        double after = g.score(eval, false);
        assertTrue(Double.isFinite(after));
        assertTrue(after < 0.8 * before, "loss " + before + " -> " + after);
    }

    private static INDArray target(INDArray x, int vocab) {
        INDArray y = Nd4j.create(x.dataType(), x.rows(), 1);
        for (int r = 0; r < x.rows(); r++) {
            y.putScalar(r, 0, x.getInt(r, 3));
        }
        return y;
    }
}
