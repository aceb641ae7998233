package io.makemore4j.model.transformer;

import io.makemore4j.data.ItemBatch;
import io.makemore4j.model.GraphSettings;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Transformer's graph: makemore's parameter count, and finite-difference gradient checks in
 * double precision through every layer, with items of different lengths (masks), several heads
 * and dropout.
 */
class TransformerModelTest {

    static final int VOCAB = 7;

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

    /** The batch of all the items, in order, every position predicted. */
    static ItemBatch batch(int[][] items) {
        int[] order = new int[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return ItemBatch.of(items, order, 0, items.length);
    }

    @Test
    void makemoreSizesHaveMakemoresParameterCount() {
        ComputationGraph g = TransformerModel.build(new TransformerModel.Sizes(16, 4, 4, 64, 0.0), 27, GraphSettings.sgd(1));
        assertEquals(204_544, g.numParams());
    }

    private static boolean gradientCheck(TransformerModel.Sizes sizes, long seed) {
        Random rnd = new Random(seed);
        ComputationGraph g = TransformerModel.build(sizes, VOCAB, new GraphSettings(new NoOp(), 0.0, seed, DataType.DOUBLE));
        g.getConfiguration().setIterationCount(3);   // the dropout masks of step 3
        ItemBatch b = batch(items(rnd, 5, sizes.blockSize() - 1, VOCAB));
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {b.tokens().castTo(DataType.DOUBLE)})
                .labels(new INDArray[] {b.targets().castTo(DataType.DOUBLE)})
                .inputMask(new INDArray[] {b.mask().castTo(DataType.DOUBLE)})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
    }

    @Test
    void gradientsOfTwoBlocksOfTwoHeadsWithMasks() {
        assertTrue(gradientCheck(new TransformerModel.Sizes(6, 2, 2, 8, 0.0), 11));
    }

    @Test
    void gradientsWithDropout() {
        assertTrue(gradientCheck(new TransformerModel.Sizes(5, 1, 2, 8, 0.3), 12));
    }

    @Test
    void gradientsOfOneHeadWithOneLongItem() {
        assertTrue(gradientCheck(new TransformerModel.Sizes(9, 1, 1, 4, 0.0), 13));
    }
}
