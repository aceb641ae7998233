package io.makemore4j.sample;

import io.makemore4j.model.TestGraphs;
import io.makemore4j.config.ModelKind;
import io.makemore4j.config.Activation;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.BadInputException;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextSamplerTest {

    private static final Vocabulary VOCAB = Vocabulary.of(List.of("abcdef"));
    private static final ModelConfig MODEL = new ModelConfig(ModelKind.FLATTEN, 4, 3, 8, List.of(2, 2), true, Activation.TANH, false);

    @Test
    void drawFollowsTemperatureAndTopK() {
        float[] p = {0.1f, 0.6f, 0.3f};
        double[] w = new double[3];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, ContextSampler.draw(p, w, new SamplingOptions(1, 1.0, 1, ""), rnd), "top-1 is argmax");
            assertEquals(1, ContextSampler.draw(p, w, new SamplingOptions(1, 1e-3, 0, ""), rnd), "T -> 0 is argmax");
            assertNotEquals(0, ContextSampler.draw(p, w, new SamplingOptions(1, 1.0, 2, ""), rnd), "top-2 never draws the third");
        }
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[ContextSampler.draw(p, w, SamplingOptions.seeded(1), rnd)]++;
        }
        assertEquals(0.6, counts[1] / 20_000.0, 0.02, "plain sampling follows p");
        counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[ContextSampler.draw(p, w, new SamplingOptions(1, 2.0, 0, ""), rnd)]++;
        }
        double expected = Math.sqrt(0.6) / (Math.sqrt(0.1) + Math.sqrt(0.6) + Math.sqrt(0.3));
        assertEquals(expected, counts[1] / 20_000.0, 0.02, "T=2 draws from p^(1/2), renormalised");
    }

    @Test
    void samplesAreSeededPrefixedAndBounded() {
        ComputationGraph graph = TestGraphs.build(MODEL, VOCAB.size(), 5);
        ContextSampler sampler = new ContextSampler(graph, VOCAB, MODEL.blockSize(), 12);
        List<String> a = sampler.sample(50, SamplingOptions.seeded(7));
        assertEquals(a, sampler.sample(50, SamplingOptions.seeded(7)));
        assertNotEquals(a, sampler.sample(50, SamplingOptions.seeded(8)));
        assertTrue(a.stream().allMatch(s -> s.length() <= 12 && s.chars().allMatch(c -> c >= 'a' && c <= 'f')), a.toString());
        List<String> prefixed = sampler.sample(20, new SamplingOptions(3, 1.0, 0, "fab"));
        assertTrue(prefixed.stream().allMatch(s -> s.startsWith("fab")), prefixed.toString());
        // more items than one batch: the batches continue one random stream
        assertEquals(ContextSampler.BATCH + 3, sampler.sample(ContextSampler.BATCH + 3, SamplingOptions.seeded(1)).size());
    }

    @Test
    void prefixOutsideTheVocabularyIsABadInput() {
        ContextSampler sampler = new ContextSampler(TestGraphs.build(MODEL, VOCAB.size(), 5), VOCAB, MODEL.blockSize(), 12);
        BadInputException e = assertThrows(BadInputException.class, () -> sampler.sample(1, new SamplingOptions(1, 1, 0, "az")));
        assertTrue(e.getMessage().contains("'z'") || e.getMessage().contains("z"), e.getMessage());
    }
}
