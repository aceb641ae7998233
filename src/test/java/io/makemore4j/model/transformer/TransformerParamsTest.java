package io.makemore4j.model.transformer;

import io.makemore4j.model.GraphSettings;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Transformer's parameter layout: weight decay on the matrices only, and the regularisation score. */
class TransformerParamsTest {

    private static ComputationGraph graph() {
        return TransformerModel.build(new TransformerModel.Sizes(8, 2, 2, 8, 0.0), 7,
                new GraphSettings(new Adam(1e-3), 0.25, 3, DataType.DOUBLE));
    }

    @Test
    void weightDecayAppliesToTheMatricesOnly() {
        ComputationGraph g = graph();
        TransformerBlock block = (TransformerBlock) g.getLayer(TransformerModel.blockName(1)).conf().getLayer();
        for (String key : List.of("qkvW", "projW", "fcW", "outW")) {
            assertFalse(block.getRegularizationByParam(key).isEmpty(), key);
        }
        for (String key : List.of("ln1g", "ln1b", "qkvb", "projb", "ln2g", "ln2b", "fcb", "outb")) {
            List<Regularization> r = block.getRegularizationByParam(key);
            assertTrue(r == null || r.isEmpty(), key);
        }
        TokenPositionEmbedding e = (TokenPositionEmbedding) g.getLayer(TransformerModel.EMBEDDING).conf().getLayer();
        assertFalse(e.getRegularizationByParam(TokenPositionEmbedding.TOKENS).isEmpty());
        assertFalse(e.getRegularizationByParam(TokenPositionEmbedding.POSITIONS).isEmpty());
        List<Regularization> norm = g.getLayer(TransformerModel.FINAL_NORM).conf().getLayer().getRegularizationByParam("g");
        assertTrue(norm == null || norm.isEmpty());
    }

    /**
     * The project's {@code DecoupledWeightDecay} adds no score term; DL4J's own WeightDecay and L2, set
     * on the layers instead, score as DL4J's sum over the parameters (the sum-of-squares shortcut).
     */
    @Test
    void regularisationScoreIsDl4jsSumOverParameters() {
        ComputationGraph g = graph();
        List<String> names = List.of(TransformerModel.EMBEDDING, TransformerModel.blockName(1), TransformerModel.FINAL_NORM);
        assertScoresAsDl4j(g, names);
        assertEquals(0.0, g.getLayer(TransformerModel.blockName(1)).calcRegularizationScore(true), "decoupled: no score term");
        for (Regularization dl4j : List.of(new WeightDecay(0.25, true), new L2Regularization(0.25))) {
            for (String name : names) {
                ((BaseLayer) g.getLayer(name).conf().getLayer()).setRegularization(List.of(dl4j));
            }
            assertScoresAsDl4j(g, names);
            assertTrue(g.getLayer(TransformerModel.blockName(1)).calcRegularizationScore(true) > 0, dl4j.toString());
        }
    }

    private static void assertScoresAsDl4j(ComputationGraph g, List<String> names) {
        for (String name : names) {
            Layer layer = g.getLayer(name);
            double expected = 0;
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                List<Regularization> regs = layer.conf().getLayer().getRegularizationByParam(p.getKey());
                if (regs != null) {
                    for (Regularization r : regs) {
                        expected += r.score(p.getValue(), 0, 0);
                    }
                }
            }
            assertEquals(expected, layer.calcRegularizationScore(true), 1e-9 * Math.max(1, expected), name);
        }
    }
}
