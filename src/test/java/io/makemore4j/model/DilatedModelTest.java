package io.makemore4j.model;

import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ItemBatch;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dilated model: its parameter count, a gradient check through the masked, weighted batch norm
 * and the variants, and the same predictions as the flatten model with the same weights.
 */
class DilatedModelTest {

    private static final int VOCAB = 7;

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

    static ModelConfig dilated(int blockSize, List<Integer> flatten, int nEmbd, int nHidden, boolean gated,
                               boolean residual, boolean skip) {
        return new ModelConfig(ModelKind.DILATED, blockSize, nEmbd, nHidden, flatten, true, Activation.TANH, true, gated, residual, skip, 0.0);
    }

    static ModelConfig flattenOf(ModelConfig d) {
        return new ModelConfig(ModelKind.FLATTEN, d.blockSize(), d.nEmbd(), d.nHidden(), d.flatten(), true, d.activation(), true);
    }

    /** Random items of 0 to maxLength characters in 1..vocab-1. */
    static int[][] items(Random rnd, int n, int maxLength, int vocab) {
        int[][] items = new int[n][];
        for (int i = 0; i < n; i++) {
            items[i] = new int[rnd.nextInt(maxLength + 1)];
            for (int q = 0; q < items[i].length; q++) {
                items[i][q] = 1 + rnd.nextInt(vocab - 1);
            }
        }
        return items;
    }

    static ItemBatch batch(int[][] items) {
        int[] order = new int[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return ItemBatch.of(items, order, 0, items.length);
    }

    @Test
    void defaultHasTheFlattenModelsParameterCount() {
        ModelConfig d = dilated(8, List.of(2, 2, 2), 10, 128, false, false, false);
        assertEquals(72_617, ModelSummary.of(TestGraphs.configuration(d, 27, 1)).trainableParams());
        assertEquals(76_579, ModelSummary.of(TestGraphs.configuration(
                dilated(8, List.of(2, 2, 2), 24, 128, false, false, false), 27, 1)).trainableParams());
    }

    private static boolean gradientCheck(ModelConfig m, long seed) {
        return gradientCheck(m, seed, false);
    }

    /** With {@code somePositions}, only some computed positions are predicted, some twice (train.predict: sampled). */
    private static boolean gradientCheck(ModelConfig m, long seed, boolean somePositions) {
        Random rnd = new Random(seed);
        ComputationGraph g = TestGraphs.build(m, VOCAB, new NoOp(), seed, DataType.DOUBLE);
        ItemBatch b = batch(items(rnd, 4, 2 * m.blockSize(), VOCAB));
        INDArray predicted = null;
        if (somePositions) {
            predicted = b.mask().reshape(b.mask().length(), 1).castTo(DataType.DOUBLE);
            for (int r = 0; r < predicted.length(); r++) {
                if (predicted.getDouble(r) != 0) {
                    predicted.putScalar(r, rnd.nextInt(3));   // 0, 1 or 2 times
                }
            }
            predicted.putScalar(0, 1.0);
        }
        Set<String> stats = new HashSet<>();
        for (String p : g.paramTable().keySet()) {
            if (p.endsWith("_mean") || p.endsWith("_var")) {
                stats.add(p);   // running statistics: not a derivative of the loss
            }
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {b.tokens().castTo(DataType.DOUBLE)})
                .labels(new INDArray[] {b.targets().castTo(DataType.DOUBLE)})
                .inputMask(new INDArray[] {b.mask().castTo(DataType.DOUBLE)})
                .labelMask(predicted == null ? null : new INDArray[] {predicted})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .excludeParams(stats)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
    }

    @Test
    void gradientCheckOfTheDilatedModel() {
        assertTrue(gradientCheck(dilated(4, List.of(2, 2), 3, 5, false, false, false), 11));
    }

    @Test
    void gradientCheckWithSomePositionsPredicted() {
        assertTrue(gradientCheck(dilated(4, List.of(2, 2), 3, 5, false, false, false), 14, true));
    }

    @Test
    void gradientCheckOfKernelThree() {
        assertTrue(gradientCheck(dilated(9, List.of(3, 3), 3, 4, false, false, false), 12));
    }

    @Test
    void gradientCheckOfGatedResidualSkip() {
        assertTrue(gradientCheck(dilated(8, List.of(2, 2, 2), 3, 4, true, true, true), 13));
    }

    /** Trains the flatten model a few steps (so batch-norm statistics are not their initial values). */
    private static ComputationGraph trainedFlatten(ModelConfig f, DataType dtype, Random rnd) {
        ComputationGraph g = TestGraphs.build(f, VOCAB, new Sgd(0.1), 3, dtype);
        for (int s = 0; s < 20; s++) {
            INDArray x = TestModels.contexts(rnd, 16, f.blockSize(), VOCAB, dtype);
            INDArray y = TestModels.labels(rnd, 16, VOCAB, dtype);
            g.fit(new MultiDataSet(x, y));
        }
        return g;
    }

    /** The flatten model's context rows of the items, in item order, as (rows, blockSize). */
    static INDArray contexts(int[][] items, int blockSize, DataType dtype) {
        int rows = 0;
        for (int[] item : items) {
            rows += item.length + 1;
        }
        INDArray x = Nd4j.create(dtype, rows, blockSize);
        int r = 0;
        for (int[] item : items) {
            for (int q = 0; q <= item.length; q++, r++) {
                for (int t = 0; t < blockSize; t++) {
                    int at = q - blockSize + t;
                    x.putScalar(r, t, at < 0 ? 0 : item[at]);
                }
            }
        }
        return x;
    }

    private static double maxDifference(ModelConfig d, DataType dtype, long seed) {
        Random rnd = new Random(seed);
        ComputationGraph flatten = trainedFlatten(flattenOf(d), dtype, rnd);
        ComputationGraph dilated = TestGraphs.build(d, VOCAB, new Sgd(0.1), 4, dtype);
        dilated.setParams(flatten.params());
        int[][] items = items(rnd, 9, 3 * d.blockSize(), VOCAB);
        INDArray expected = flatten.output(false, contexts(items, d.blockSize(), dtype))[0];   // (rows, vocab)
        ItemBatch b = batch(items);
        INDArray out = dilated.output(false, new INDArray[] {b.tokens().castTo(dtype)},
                new INDArray[] {b.mask().castTo(dtype)})[0];                                 // (items*T, vocab)
        double max = 0;
        int r = 0;
        for (int i = 0; i < items.length; i++) {
            for (int q = 0; q <= items[i].length; q++, r++) {
                INDArray a = expected.getRow(r);
                INDArray c = out.getRow((long) i * b.time() + q);
                max = Math.max(max, Transforms.log(a).sub(Transforms.log(c)).amaxNumber().doubleValue());
            }
        }
        assertEquals(expected.size(0), r);
        return max;
    }

    @Test
    void samePredictionsAsTheFlattenModelInDouble() {
        assertTrue(maxDifference(dilated(8, List.of(2, 2, 2), 10, 16, false, false, false), DataType.DOUBLE, 21) < 1e-9);
        assertTrue(maxDifference(dilated(9, List.of(3, 3), 4, 6, false, false, false), DataType.DOUBLE, 22) < 1e-9);
    }

    @Test
    void samePredictionsAsTheFlattenModelInFloat() {
        assertTrue(maxDifference(dilated(8, List.of(2, 2, 2), 10, 128, false, false, false), DataType.FLOAT, 23) < 1e-4);
    }

    @Test
    void trainsWithDropoutAndInfersWithout() {
        ModelConfig m = new ModelConfig(ModelKind.DILATED, 8, 4, 6, List.of(2, 2, 2), true, Activation.TANH, true, false, true, true, 0.3);
        ComputationGraph g = TestGraphs.build(m, VOCAB, new Sgd(0.1), 5, DataType.DOUBLE);
        Random rnd = new Random(9);
        INDArray before = g.params().dup();
        for (int s = 0; s < 5; s++) {
            ItemBatch b = batch(items(rnd, 6, 10, VOCAB));
            g.fit(new MultiDataSet(new INDArray[] {b.tokens().castTo(DataType.DOUBLE)},
                    new INDArray[] {b.targets().castTo(DataType.DOUBLE)}, new INDArray[] {b.mask().castTo(DataType.DOUBLE)}, null));
            assertTrue(Double.isFinite(g.score()));
        }
        assertTrue(g.params().distance2(before) > 0, "training changed the weights");
        // in inference dropout is the identity: the same outputs as the model without it, same weights
        ModelConfig plain = new ModelConfig(ModelKind.DILATED, 8, 4, 6, List.of(2, 2, 2), true, Activation.TANH, true, false, true, true, 0.0);
        ComputationGraph same = TestGraphs.build(plain, VOCAB, new Sgd(0.1), 5, DataType.DOUBLE);
        same.setParams(g.params());
        ItemBatch b = batch(items(rnd, 5, 12, VOCAB));
        INDArray[] in = {b.tokens().castTo(DataType.DOUBLE)};
        INDArray[] mask = {b.mask().castTo(DataType.DOUBLE)};
        assertTrue(g.output(false, in, mask)[0].equalsWithEps(same.output(false, in, mask)[0], 1e-12));
    }
}
