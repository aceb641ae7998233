package io.makemore4j.sample;


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
}
