package io.makemore4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.makemore4j.model.TestModels.VOCAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-layer summary: shapes, counts and the rendered table. */
class ModelSummaryTest {

    @Test
    void rowsOfTheDefaultModel() {
        ComputationGraphConfiguration conf = TestGraphs.configuration(TestModels.hierarchical(), VOCAB, 1);
        ModelSummary s = ModelSummary.of(conf);
        List<ModelSummary.Row> rows = s.rows();
        assertEquals(new ModelSummary.Row("embedding", "Embedding", "(B, 8, 10)", 270), rows.get(0));
        assertEquals(new ModelSummary.Row("flatten1", "FlattenConsecutive(2)", "(B*4, 20)", 0), rows.get(1));
        assertEquals(new ModelSummary.Row("linear1", "Linear (no bias)", "(B*4, 128)", 2_560), rows.get(2));
        assertEquals(new ModelSummary.Row("bn1", "BatchNorm", "(B*4, 128)", 256), rows.get(3));
        assertEquals(new ModelSummary.Row("act1", "Tanh", "(B*4, 128)", 0), rows.get(4));
        assertEquals(new ModelSummary.Row("flatten2", "FlattenConsecutive(2)", "(B*2, 256)", 0), rows.get(5));
        assertEquals(new ModelSummary.Row("linear2", "Linear (no bias)", "(B*2, 128)", 32_768), rows.get(6));
        assertEquals(new ModelSummary.Row("flatten3", "FlattenConsecutive(2)", "(B, 256)", 0), rows.get(9));
        assertEquals(new ModelSummary.Row("act3", "Tanh", "(B, 128)", 0), rows.get(12));
        assertEquals(new ModelSummary.Row("out", "Linear+Softmax", "(B, 27)", 3_483), rows.get(13));
        assertEquals(14, rows.size());
        assertEquals(72_617, s.trainableParams());
        assertEquals(72_617, rows.stream().mapToLong(ModelSummary.Row::trainableParams).sum());
        assertEquals(768, s.batchNormStats());
        // reading the configuration must not rewrite it (DL4J's getLayerActivationTypes would)
        assertEquals(TestGraphs.configuration(TestModels.hierarchical(), VOCAB, 1), conf);
    }

    @Test
    void tableIsAlignedAndCarriesTheTotals() {
        String table = ModelSummary.of(TestGraphs.configuration(TestModels.hierarchical(), VOCAB, 1)).toTable();
        String[] lines = table.split("\\R");
        assertEquals(2 + 14 + 1 + 2, lines.length, table);
        int width = lines[1].length();
        for (int i = 2; i < 16; i++) {
            assertEquals(width, lines[i].length(), "line " + i + " of\n" + table);
        }
        assertTrue(lines[2].startsWith("embedding  Embedding"), table);
        assertTrue(lines[2].endsWith(" 270"), table);
        assertTrue(lines[17].startsWith("trainable parameters") && lines[17].endsWith(" 72,617"), table);
        assertTrue(lines[18].startsWith("batch-norm running stats") && lines[18].endsWith(" 768"), table);
        assertEquals(width, lines[17].length(), table);
    }

    @Test
    void mlpHasOneStage() {
        ModelSummary s = ModelSummary.of(TestGraphs.configuration(TestModels.mlp(), VOCAB, 1));
        assertEquals("(B, 30)", s.rows().get(1).outputShape());
        assertEquals(12_097, s.trainableParams());
        assertEquals(400, s.batchNormStats());
    }

    @Test
    void rowsOfTheDilatedModelWithItsOptions() {
        ModelSummary plain = ModelSummary.of(TestGraphs.configuration(DilatedModelTest.dilated(8, List.of(2, 2, 2), 10, 128,
                false, false, false), VOCAB, 1));
        List<ModelSummary.Row> rows = plain.rows();
        assertEquals(new ModelSummary.Row("embedding", "Embedding", "(1+B*(T-1), 10)", 270), rows.get(0));
        assertEquals(new ModelSummary.Row("conv2", "CausalConv(k=2, d=2)+BatchNorm+Tanh", "(1+B*(T-1), 128)", 33_024), rows.get(2));
        assertEquals(new ModelSummary.Row("positions", "ItemRows", "(B, T, 128)", 0), rows.get(4));
        assertEquals(new ModelSummary.Row("out", "Linear+Softmax", "(B*T, 27)", 3_483), rows.get(5));
        assertEquals(72_617, plain.trainableParams());
        assertEquals(768, plain.batchNormStats());
        // gated doubles the convolutions' parameters (and statistics); residual and skip add none
        ModelSummary gated = ModelSummary.of(TestGraphs.configuration(DilatedModelTest.dilated(8, List.of(2, 2, 2), 10, 128,
                true, true, true), VOCAB, 1));
        assertEquals(72_617 + 2_816 + 2 * 33_024, gated.trainableParams());
        assertEquals(2 * 768, gated.batchNormStats());
        assertTrue(gated.rows().stream().anyMatch(r -> r.name().equals("skip") && r.kind().equals("Add")));
    }
}
