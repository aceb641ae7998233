package io.makemore4j.eval;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ContextRows;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitEvaluatorTest {

    private static final ModelConfig MODEL = new ModelConfig(ModelKind.FLATTEN, 4, 3, 8, List.of(2, 2), true, "tanh", false);

    private static ContextRows rows(int items) {
        Random rnd = new Random(3);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = 0, n = 2 + rnd.nextInt(6); j < n; j++) {
                w.append((char) ('a' + rnd.nextInt(5)));
            }
            words.add(w.toString());
        }
        return ContextRows.of(words, Vocabulary.of(words), MODEL.blockSize());
    }

    @Test
    void lossIsTheMeanCrossEntropyAndDoesNotDependOnTheChunkSize() {
        ContextRows rows = rows(300);
        ComputationGraph graph = TestGraphs.build(MODEL, 6, 1);
        INDArray f = Nd4j.create(DataType.FLOAT, rows.size(), rows.blockSize());
        INDArray l = Nd4j.create(DataType.FLOAT, rows.size(), 1);
        rows.fill(0, rows.size(), f, l);
        double dl4j = graph.score(new MultiDataSet(f, l), false);   // DL4J's own mean loss, inference mode

        double whole = new SplitEvaluator(graph).loss(rows);
        double chunked = new SplitEvaluator(graph, 37).loss(rows);   // 37 does not divide the row count
        assertTrue(rows.size() % 37 != 0);
        assertEquals(dl4j, whole, 1e-5);
        assertEquals(whole, chunked, 1e-6);
        assertEquals(Math.log(6), whole, 0.2, "an untrained model is near uniform");
    }
}
