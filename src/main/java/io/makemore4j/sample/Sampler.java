package io.makemore4j.sample;

import io.makemore4j.config.ModelConfig;
import io.makemore4j.data.Vocabulary;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * Autoregressive, seeded sampling of new items from a trained model (in inference mode). An item
 * ends when the model emits the boundary token, or at the maximum length.
 */
public interface Sampler {

    /**
     * Draws {@code n} items.
     *
     * @throws io.makemore4j.config.BadInputException if the prefix has characters outside the vocabulary
     */
    List<String> sample(int n, SamplingOptions options);

    /** The sampler of a graph of this model type. */
    static Sampler of(ComputationGraph graph, ModelConfig model, Vocabulary vocabulary, int maxLength) {
        return model.dilated() ? new DilatedSampler(graph, vocabulary, maxLength)
                : new ContextSampler(graph, vocabulary, model.blockSize(), maxLength);
    }
}
