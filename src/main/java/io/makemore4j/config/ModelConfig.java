package io.makemore4j.config;

import java.util.List;

/**
 * The network (the {@code model} section).
 *
 * @param type       the architecture; {@code flatten} is the hierarchical model over fixed contexts
 * @param blockSize  characters of context
 * @param nEmbd      embedding size per character
 * @param nHidden    channels of every hidden stage
 * @param flatten    how many consecutive steps each stage fuses; their product is {@code blockSize}
 * @param batchNorm  batch norm after each hidden Linear (when false the Linear has a bias)
 * @param activation the hidden non-linearity
 * @param fused      use the project's fused Dense+BatchNorm+activation layer instead of stock layers
 */
public record ModelConfig(
        String type,
        int blockSize,
        int nEmbd,
        int nHidden,
        List<Integer> flatten,
        boolean batchNorm,
        String activation,
        boolean fused) {

    public ModelConfig {
        flatten = List.copyOf(flatten);
    }
}
