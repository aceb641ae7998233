package io.makemore4j.model;

import io.makemore4j.config.ModelKind;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ItemBatch;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelConverter}: flatten (stock and fused) to dilated and back gives the same parameters
 * and, at every position, the same predictions in inference mode; variants, other sizes and other
 * vocabularies are refused.
 */
class ModelConverterTest {

    private static final int VOCAB = 7;

    private static ModelConfig flatten(int blockSize, List<Integer> flatten, int nEmbd, int nHidden, boolean fused) {
        return new ModelConfig(ModelKind.FLATTEN, blockSize, nEmbd, nHidden, flatten, true, "tanh", fused);
    }

    private static ModelConfig dilated(ModelConfig m) {
        return ModelConverter.as(m, ModelKind.DILATED);
    }

    /** A graph of {@code m} trained a few steps, so that batch-norm statistics are not their initial values. */
    private static ComputationGraph trained(ModelConfig m, DataType dtype, Random rnd) {
        ComputationGraph g = TestGraphs.build(m, VOCAB, new Sgd(0.1), 3, dtype);
        for (int s = 0; s < 20; s++) {
            if (m.dilated()) {
                ItemBatch b = DilatedModelTest.batch(DilatedModelTest.items(rnd, 6, 2 * m.blockSize(), VOCAB));
                g.fit(new MultiDataSet(new INDArray[] {b.tokens().castTo(dtype)}, new INDArray[] {b.targets().castTo(dtype)},
                        new INDArray[] {b.mask().castTo(dtype)}, null));
            } else {
                g.fit(new MultiDataSet(TestModels.contexts(rnd, 16, m.blockSize(), VOCAB, dtype),
                        TestModels.labels(rnd, 16, VOCAB, dtype)));
            }
        }
        return g;
    }

    private static ComputationGraph convert(ComputationGraph g, ModelConfig from, ModelConfig to) {
        ComputationGraph target = TestGraphs.build(to, VOCAB, new Sgd(0.1), 9, g.params().dataType());
        return ModelConverter.convert(g, from, target, to);
    }

    /** The largest difference of log-probabilities of a flatten and a dilated graph at every position of random items. */
    private static double maxDifference(ComputationGraph flatten, ComputationGraph dilated, int blockSize, Random rnd) {
        DataType dtype = flatten.params().dataType();
        int[][] items = DilatedModelTest.items(rnd, 9, 3 * blockSize, VOCAB);
        INDArray expected = flatten.output(false, DilatedModelTest.contexts(items, blockSize, dtype))[0];   // (rows, vocab)
        ItemBatch b = DilatedModelTest.batch(items);
        INDArray out = dilated.output(false, new INDArray[] {b.tokens().castTo(dtype)},
                new INDArray[] {b.mask().castTo(dtype)})[0];                                               // (items*T, vocab)
        double max = 0;
        int r = 0;
        for (int i = 0; i < items.length; i++) {
            for (int q = 0; q <= items[i].length; q++, r++) {
                INDArray a = Transforms.log(expected.getRow(r));
                INDArray c = Transforms.log(out.getRow((long) i * b.time() + q));
                max = Math.max(max, a.sub(c).amaxNumber().doubleValue());
            }
        }
        assertEquals(expected.size(0), r);
        return max;
    }

    @Test
    void sequenceModelsHaveNoHierarchicalForm() {
        ModelConfig gru = new ModelConfig(ModelKind.GRU, 16, 64, 128, List.of(2, 2, 2, 2), true, "tanh", true);
        BadInputException e = assertThrows(BadInputException.class, () -> ModelConverter.as(gru, ModelKind.DILATED));
        assertEquals("a gru model has no flatten or dilated form: convert applies to the hierarchical model only", e.getMessage());
    }

    @Test
    void roundTripsGiveIdenticalParameters() {
        Random rnd = new Random(1);
        for (boolean fused : new boolean[] {false, true}) {
            ModelConfig f = flatten(8, List.of(2, 2, 2), 4, 6, fused);
            ComputationGraph original = trained(f, DataType.FLOAT, rnd);
            ComputationGraph there = convert(original, f, dilated(f));
            ComputationGraph back = convert(there, dilated(f), f);
            assertEquals(original.params(), back.params(), "fused " + fused);
            assertEquals(20, there.getIterationCount());
            assertEquals(20, back.getIterationCount());
            assertEquals(original.paramTable().keySet(), back.paramTable().keySet());
        }
        // stock -> fused -> stock, and a dilated model there and back
        ModelConfig stock = flatten(9, List.of(3, 3), 3, 5, false);
        ModelConfig fused = flatten(9, List.of(3, 3), 3, 5, true);
        ComputationGraph original = trained(stock, DataType.DOUBLE, rnd);
        assertEquals(original.params(), convert(convert(original, stock, fused), fused, stock).params());
        ComputationGraph d = trained(dilated(stock), DataType.DOUBLE, rnd);
        assertEquals(d.params(), convert(convert(d, dilated(stock), stock), stock, dilated(stock)).params());
    }

    @Test
    void samePredictionsInDouble() {
        Random rnd = new Random(2);
        for (boolean fused : new boolean[] {false, true}) {
            for (ModelConfig f : List.of(flatten(8, List.of(2, 2, 2), 10, 16, fused), flatten(6, List.of(3, 2), 4, 6, fused))) {
                ComputationGraph flat = trained(f, DataType.DOUBLE, rnd);
                double max = maxDifference(flat, convert(flat, f, dilated(f)), f.blockSize(), rnd);
                assertTrue(max < 1e-9, f + ": " + max);
                // and back: a trained dilated model as a flatten model
                ComputationGraph d = trained(dilated(f), DataType.DOUBLE, rnd);
                max = maxDifference(convert(d, dilated(f), f), d, f.blockSize(), rnd);
                assertTrue(max < 1e-9, f + " from dilated: " + max);
            }
        }
    }

    @Test
    void samePredictionsInFloat() {
        Random rnd = new Random(3);
        for (boolean fused : new boolean[] {false, true}) {
            ModelConfig f = flatten(8, List.of(2, 2, 2), 10, 128, fused);
            ComputationGraph flat = trained(f, DataType.FLOAT, rnd);
            double max = maxDifference(flat, convert(flat, f, dilated(f)), f.blockSize(), rnd);
            assertTrue(max < 1e-4, f + ": " + max);
        }
    }

    @Test
    void flattenWithoutBatchNormConvertsBetweenStockAndFusedOnly() {
        ModelConfig stock = new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), false, "tanh", false);
        ModelConfig fused = new ModelConfig(ModelKind.FLATTEN, 4, 3, 5, List.of(2, 2), false, "tanh", true);
        ComputationGraph g = TestGraphs.build(stock, VOCAB, 4);
        assertEquals(g.params(), convert(g, stock, fused).params());
        BadInputException e = assertThrows(BadInputException.class, () -> ModelConverter.as(stock, ModelKind.DILATED));
        assertTrue(e.getMessage().startsWith("model.batch_norm: false has no dilated form"), e.getMessage());
    }

    @Test
    void variantsOtherSizesAndVocabulariesAreRefused() {
        ModelConfig f = flatten(8, List.of(2, 2, 2), 4, 6, true);
        ComputationGraph g = TestGraphs.build(f, VOCAB, 4);
        for (String key : List.of("model.gated", "model.residual", "model.skip")) {
            ModelConfig variant = new ModelConfig(ModelKind.DILATED, 8, 4, 6, List.of(2, 2, 2), true, "tanh", true,
                    key.equals("model.gated"), key.equals("model.residual"), key.equals("model.skip"), 0.0);
            BadInputException e = assertThrows(BadInputException.class, () -> ModelConverter.as(variant, ModelKind.FLATTEN));
            assertTrue(e.getMessage().startsWith(key + ": true has no flatten form"), e.getMessage());
            e = assertThrows(BadInputException.class, () -> convert(g, f, variant));
            assertTrue(e.getMessage().startsWith(key + ": true has no flatten form"), e.getMessage());
        }
        ModelConfig wider = flatten(8, List.of(2, 2, 2), 4, 7, true);
        BadInputException e = assertThrows(BadInputException.class, () -> convert(g, f, dilated(wider)));
        assertEquals("cannot convert: model.n_hidden differs (6 against 7)", e.getMessage());
        ComputationGraph otherVocab = TestGraphs.build(dilated(f), VOCAB + 2, 4);
        e = assertThrows(BadInputException.class, () -> ModelConverter.copy(g, f, otherVocab, dilated(f)));
        assertTrue(e.getMessage().contains("embedding.W is [7, 4] in the fused flatten model but [9, 4] in the dilated model"),
                e.getMessage());
        // a dilated model with dropout converts (dropout has no parameters); its flatten form has none
        ModelConfig dropout = new ModelConfig(ModelKind.DILATED, 8, 4, 6, List.of(2, 2, 2), true, "tanh", true, false, false, false, 0.2);
        assertEquals(0.0, ModelConverter.as(dropout, ModelKind.FLATTEN).dropout());
        assertEquals(g.params(), convert(convert(g, f, dropout), dropout, f).params());
    }
}
