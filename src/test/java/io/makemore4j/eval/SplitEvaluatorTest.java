package io.makemore4j.eval;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.ContextRows;
import io.makemore4j.data.EncodedItems;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Split;
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

    private static final ModelConfig MODEL = new ModelConfig(ModelKind.FLATTEN, 4, 3, 8, List.of(2, 2), true, Activation.TANH, false);

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

    @Test
    void aSplitLargerThanEvalRowsIsEvaluatedOnAFixedSampleOfItsRows() {
        List<String> words = words(300);
        Vocabulary vocabulary = Vocabulary.of(words);
        Split split = new Split("val", EncodedItems.encode(words, vocabulary), vocabulary, MODEL.blockSize());
        ComputationGraph graph = TestGraphs.build(MODEL, vocabulary.size(), 1);
        long n = split.rows().size();
        SplitEvaluator all = new SplitEvaluator(graph, 37, n);
        SplitEvaluator sampling = new SplitEvaluator(graph, 37, 500);
        long[] sample = EvalSample.of(n, 500, PreparedData.SPLIT_NAMES.indexOf("val"));
        assertEquals(all.loss(split.rows()), all.loss(split), 0.0, "up to eval_rows: every row");
        assertEquals(all.loss(split.rows(), sample), sampling.loss(split), 0.0, "beyond: the rows of the sample");
        assertEquals(sampling.loss(split), new SplitEvaluator(graph, 64, 500).loss(split), 1e-6, "the same sample each time");
        assertEquals(all.loss(split), sampling.loss(split), 0.05, "which estimates the split's loss");

        EncodedItems few = EncodedItems.encode(words.subList(0, 20), vocabulary);
        PreparedData data = new PreparedData(null, vocabulary, new Split("train", split.encoded(), vocabulary, MODEL.blockSize()),
                new Split("val", few, vocabulary, MODEL.blockSize()), new Split("test", split.encoded(), vocabulary, MODEL.blockSize()));
        assertEquals("", all.evaluate(data).note());
        String note = String.format("losses on a fixed sample (train.eval_rows): train 500 of %,d rows, test 500 of %,d rows", n, n);
        assertEquals(note, sampling.evaluate(data).note());
        assertTrue(sampling.evaluate(data).toTable().endsWith(note + System.lineSeparator()));

        long[] done = {0};   // the progress a bar shows: every row evaluated, once
        assertEquals(sampling.evaluate(data), sampling.evaluate(data, rows -> done[0] += rows));
        assertEquals(500 + data.val().rows().size() + 500, sampling.work(data));
        assertEquals(sampling.work(data), done[0]);
    }

    @Test
    void aSampleIsSortedDistinctAndOnePerStratum() {
        long total = 10_000_000_000L;   // more rows than an int counts
        long[] sample = EvalSample.of(total, 1000, 0);
        for (int i = 0; i < sample.length; i++) {
            assertTrue(sample[i] >= i * (total / 1000) && sample[i] < (i + 1) * (total / 1000), "stratum " + i);
        }
        assertEquals(sample[999], EvalSample.of(total, 1000, 0)[999], "fixed");
        assertTrue(sample[999] != EvalSample.of(total, 1000, 1)[999], "another split, another sample");
    }

    @Test
    void chunksShrinkWithTheVocabulary() {
        assertEquals(16_384, OutputBudget.rows(27, SplitEvaluator.CHUNK), "the names corpus: chunks as before");
        assertEquals(295, OutputBudget.rows(14_188, SplitEvaluator.CHUNK), "14,187 characters");
        assertEquals(1, OutputBudget.rows(10_000_000, SplitEvaluator.CHUNK));
        assertEquals(16_384, OutputBudget.rows(27, 4 * 128, SplitEvaluator.CHUNK), "the default model: as before");
        assertEquals(8_192, OutputBudget.rows(27, 16 * 128, SplitEvaluator.CHUNK), "context 32: half the rows");
        ComputationGraph graph = TestGraphs.build(MODEL, 14_188, 1);
        assertEquals(14_188, OutputBudget.vocabulary(graph));
    }

    private static List<String> words(int items) {
        Random rnd = new Random(3);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = 0, n = 2 + rnd.nextInt(6); j < n; j++) {
                w.append((char) ('a' + rnd.nextInt(5)));
            }
            words.add(w.toString());
        }
        return words;
    }
}
