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
    DILATED;

    /** The value as written in YAML. */
    public String yamlName() {
        return ConfigValues.yamlName(this);
    }
}
