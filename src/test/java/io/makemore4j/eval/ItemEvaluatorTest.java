package io.makemore4j.eval;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
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
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dilated model's evaluator gives the flatten model's loss for the same weights (the same
 * positions, the same predictions), whatever the chunk size.
 */
class ItemEvaluatorTest {

    private static final ModelConfig FLATTEN = new ModelConfig(ModelKind.FLATTEN, 4, 3, 8, List.of(2, 2), true, Activation.TANH, true);
    private static final ModelConfig DILATED = new ModelConfig(ModelKind.DILATED, 4, 3, 8, List.of(2, 2), true, Activation.TANH, true);

    private static List<String> words(int n) {
        Random rnd = new Random(3);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = 0, len = 1 + rnd.nextInt(9); j < len; j++) {
                w.append((char) ('a' + rnd.nextInt(5)));
            }
            words.add(w.toString());
        }
        return words;
    }

    @Test
    void sameLossAsTheFlattenModelWithTheSameWeights() {
        List<String> words = words(300);
        Vocabulary vocabulary = Vocabulary.of(words);
        Split split = new Split("val", EncodedItems.encode(words, vocabulary), vocabulary, FLATTEN.blockSize());
        ComputationGraph flatten = TestGraphs.build(FLATTEN, vocabulary.size(), new Sgd(0.1), 1, DataType.FLOAT);
        Random rnd = new Random(4);
        for (int s = 0; s < 30; s++) {   // a few steps, so that batch-norm statistics are not their initial values
            INDArray x = Nd4j.create(DataType.FLOAT, 16, 4);
            INDArray y = Nd4j.create(DataType.FLOAT, 16, 1);
            for (int r = 0; r < 16; r++) {
                for (int t = 0; t < 4; t++) {
                    x.putScalar(r, t, rnd.nextInt(vocabulary.size()));
                }
                y.putScalar(r, 0, rnd.nextInt(vocabulary.size()));
            }
            flatten.fit(new MultiDataSet(x, y));
        }
        ComputationGraph dilated = TestGraphs.build(DILATED, vocabulary.size(), new Sgd(0.1), 2, DataType.FLOAT);
        dilated.setParams(flatten.params());

        double expected = new SplitEvaluator(flatten).loss(split);
        double whole = new ItemEvaluator(dilated).loss(split);
        double chunked = new ItemEvaluator(dilated, 23).loss(split);   // a few items per pass
        assertEquals(expected, whole, 1e-5);
        assertEquals(whole, chunked, 1e-5);
        // a sample of about 400 of the split's positions: items drawn once per stratum, the same each time
        ItemEvaluator sampling = new ItemEvaluator(dilated, 23, 400);
        double sampled = sampling.loss(split);
        assertEquals(sampled, new ItemEvaluator(dilated, 23, 400).loss(split), 0.0, "a fixed sample");
        assertTrue(sampled != whole, "a sample, not the whole split");
        assertEquals(whole, sampled, 0.2, "the sample estimates the split's loss");
        assertTrue(flatten.getParam("fused1_mean").amaxNumber().doubleValue() > 0.01, "batch-norm statistics were trained");
    }

    @Test
    void progressCountsEveryItemEvaluatedOnce() {
        List<String> words = words(300);
        Vocabulary vocabulary = Vocabulary.of(words);
        Split whole = new Split("train", EncodedItems.encode(words, vocabulary), vocabulary, FLATTEN.blockSize());
        Split few = new Split("val", EncodedItems.encode(words.subList(0, 20), vocabulary), vocabulary, FLATTEN.blockSize());
        PreparedData data = new PreparedData(null, vocabulary, whole, few, new Split("test", whole.encoded(), vocabulary, FLATTEN.blockSize()));
        ItemEvaluator sampling = new ItemEvaluator(TestGraphs.build(DILATED, vocabulary.size(), new Sgd(0.1), 1, DataType.FLOAT), 23, 400);
        long[] done = {0};
        assertEquals(sampling.evaluate(data), sampling.evaluate(data, items -> done[0] += items));
        assertEquals(sampling.work(data), done[0]);
        assertTrue(sampling.work(data) > 20 && sampling.work(data) < 20 + 2 * 300, "the samples of train and test, and val whole");
    }
}
