package io.makemore4j.config;

/**
 * The architectures {@code model.type} chooses from; its YAML value is the constant's name in lower
 * case. Each constant has one entry in the model-type registry ({@code io.makemore4j.family.ModelFamily}),
 * which ties it to its graph builder, training batches, evaluator and sampler.
 */
public enum ModelKind {
    /** {@code flatten}: the hierarchical model over fixed contexts of {@code model.block_size} characters. */
    FLATTEN,
    /** {@code dilated}: the same model as causal dilated convolutions over whole items. */
    DILATED,
    /** {@code gru}: makemore.py's GRU over whole items ({@code n_embd} embedding, {@code n_embd2} state). */
    GRU,
    /** {@code rnn}: makemore.py's plain tanh RNN over whole items. */
    RNN,
    /** {@code lstm}: DL4J's own LSTM layer over whole items. */
    LSTM,
    /** {@code bow}: makemore.py's causal bag of words over whole items (token and position embeddings, an MLP). */
    BOW,
    /** {@code bigram}: makemore.py's bigram model, a table of next-character logits. */
    BIGRAM,
    /**
     * {@code transformer}: makemore.py's Transformer over whole items ({@code n_layer} blocks of
     * {@code n_head}-head causal self-attention and a GELU MLP, {@code n_embd} channels).
     */
    TRANSFORMER;

    /**
     * Whether this is the hierarchical model (flatten or dilated), whose stages {@code model.flatten}
     * and {@code model.n_hidden} describe; the others are makemore.py's sequence models.
     */
    public boolean hierarchical() {
        return this == FLATTEN || this == DILATED;
    }

    /** The value as written in YAML. */
    public String yamlName() {
        return ConfigValues.yamlName(this);
    }
}
