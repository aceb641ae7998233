package io.makemore4j.sample;

/**
 * How to draw items.
 *
 * @param seed        seed of the draws: the same seed gives the same items
 * @param temperature divides the logits: below 1 sharper, above 1 flatter (must be positive)
 * @param topK        keep only the k most likely characters at each step (0: all)
 * @param prefix      text every item starts with ("" for none)
 */
public record SamplingOptions(long seed, double temperature, int topK, String prefix) {

    /** Plain sampling from the model's distribution. */
    public static SamplingOptions seeded(long seed) {
        return new SamplingOptions(seed, 1.0, 0, "");
    }

    public SamplingOptions {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
    }
}
