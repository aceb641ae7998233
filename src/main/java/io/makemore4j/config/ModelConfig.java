package io.makemore4j.config;

import java.util.List;

/**
 * The network (the {@code model} section).
 *
 * @param type       the architecture: {@code flatten}, the hierarchical model over fixed contexts, or
 *                   {@code dilated}, the same model as causal dilated convolutions over whole items
 * @param blockSize  characters of context
 * @param nEmbd      embedding size per character
 * @param nHidden    channels of every hidden stage
 * @param flatten    how many consecutive steps each stage fuses; their product is {@code blockSize}
 * @param batchNorm  batch norm after each hidden Linear (when false the Linear has a bias)
 * @param activation the hidden non-linearity ({@link Activation#TANH} or {@link Activation#RELU})
 * @param fused      use the project's fused Dense+BatchNorm+activation layer instead of stock layers
 * @param gated      {@code dilated}: each stage is tanh(conv) * sigmoid(conv'), WaveNet's gated activation
 * @param residual   {@code dilated}: each stage whose input has {@code nHidden} channels adds its input to its output
 * @param skip       {@code dilated}: the output layer reads the sum of every stage's output, not the last one only
 * @param dropout    {@code dilated}: fraction of each stage's outputs zeroed in training (0: none);
 *                   {@code transformer}: the rate of each of its dropouts (embedding, attention, residual branches)
 * @param nEmbd2     sequence models: the second width, makemore.py's {@code n_embd2} (the recurrent
 *                   state of gru, rnn and lstm; the hidden layer of bow's MLP)
 * @param nLayer     {@code transformer}: blocks of attention and MLP
 * @param nHead      {@code transformer}: attention heads per block; they split {@code nEmbd}
 */
public record ModelConfig(
        ModelKind type,
        int blockSize,
        int nEmbd,
        int nHidden,
        List<Integer> flatten,
        boolean batchNorm,
        Activation activation,
        boolean fused,
        boolean gated,
        boolean residual,
        boolean skip,
        double dropout,
        int nEmbd2,
        int nLayer,
        int nHead) {

    /** {@code model.n_embd2}'s default, makemore.py's. */
    public static final int DEFAULT_N_EMBD2 = 64;
    /** {@code model.n_layer}'s default, makemore.py's. */
    public static final int DEFAULT_N_LAYER = 4;
    /** {@code model.n_head}'s default, makemore.py's. */
    public static final int DEFAULT_N_HEAD = 4;

    public ModelConfig {
        flatten = List.copyOf(flatten);
    }

    /** A model with the default {@code n_layer} and {@code n_head}. */
    public ModelConfig(ModelKind type, int blockSize, int nEmbd, int nHidden, List<Integer> flatten, boolean batchNorm,
                       Activation activation, boolean fused, boolean gated, boolean residual, boolean skip, double dropout,
                       int nEmbd2) {
        this(type, blockSize, nEmbd, nHidden, flatten, batchNorm, activation, fused, gated, residual, skip, dropout, nEmbd2,
                DEFAULT_N_LAYER, DEFAULT_N_HEAD);
    }

    /** A model with the default {@code n_embd2}, {@code n_layer} and {@code n_head}. */
    public ModelConfig(ModelKind type, int blockSize, int nEmbd, int nHidden, List<Integer> flatten, boolean batchNorm,
                       Activation activation, boolean fused, boolean gated, boolean residual, boolean skip, double dropout) {
        this(type, blockSize, nEmbd, nHidden, flatten, batchNorm, activation, fused, gated, residual, skip, dropout,
                DEFAULT_N_EMBD2);
    }

    /** A model without the dilated model's options (no gating, residual or skip connections, no dropout). */
    public ModelConfig(ModelKind type, int blockSize, int nEmbd, int nHidden, List<Integer> flatten, boolean batchNorm,
                       Activation activation, boolean fused) {
        this(type, blockSize, nEmbd, nHidden, flatten, batchNorm, activation, fused, false, false, false, 0.0);
    }

    /**
     * The product of the flatten factors, which a valid config has equal to {@code blockSize};
     * {@link Long#MAX_VALUE} once it passes {@link Integer#MAX_VALUE} (so that it cannot overflow).
     */
    public long flattenProduct() {
        long product = 1;
        for (int factor : flatten) {
            product *= factor;
            if (product > Integer.MAX_VALUE || product < 0) {
                return Long.MAX_VALUE;
            }
        }
        return product;
    }

    /** Whether this is the dilated model (trained on whole items). */
    public boolean dilated() {
        return type == ModelKind.DILATED;
    }
}
