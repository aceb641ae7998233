package io.makemore4j.model.transformer;

import java.util.List;

/**
 * One parameter of a Transformer layer: its name, shape and initialisation, PyTorch's defaults for
 * the module it stands for. A matrix is {@code (rows, cols)}, a vector {@code (1, cols)}, both c-order
 * views ({@link TransformerParams}).
 *
 * @param name  the parameter's key in the layer's table (part of the checkpoint format); no '_', which
 *              DL4J's updater reads as the separator of layer and parameter names
 * @param rows  1 for a vector
 * @param cols  columns
 * @param init  how it starts
 * @param fanIn {@link Init#UNIFORM}: the fan-in of the Linear layer it belongs to
 */
public record ParamSpec(String name, long rows, long cols, Init init, long fanIn) {

    /** Initialisations. */
    public enum Init {
        /** All ones (a LayerNorm gain). */
        ONES,
        /** All zeros (a LayerNorm bias). */
        ZEROS,
        /** Uniform in +-1/sqrt(fanIn): {@code nn.Linear}'s weights and biases. */
        UNIFORM,
        /** N(0, 1): {@code nn.Embedding}. */
        NORMAL
    }

    /** A matrix. */
    static ParamSpec matrix(String name, long rows, long cols, Init init, long fanIn) {
        return new ParamSpec(name, rows, cols, init, fanIn);
    }

    /** A vector of {@code cols} values. */
    static ParamSpec vector(String name, long cols, Init init, long fanIn) {
        return new ParamSpec(name, 1, cols, init, fanIn);
    }

    /** The number of values. */
    public long length() {
        return rows * cols;
    }

    /** Whether this is a matrix (a weight, which weight decay applies to) rather than a vector (a bias or gain). */
    public boolean isMatrix() {
        return rows > 1;
    }

    /** The parameters of a Linear layer {@code prefix}: W (nIn, nOut), b (nOut), both {@link Init#UNIFORM}. */
    static List<ParamSpec> linear(String prefix, long nIn, long nOut) {
        return List.of(matrix(prefix + "W", nIn, nOut, Init.UNIFORM, nIn), vector(prefix + "b", nOut, Init.UNIFORM, nIn));
    }

    /** The parameters of a LayerNorm {@code prefix}: gain g (ones) and bias b (zeros) over {@code channels}. */
    static List<ParamSpec> layerNorm(String prefix, long channels) {
        return List.of(vector(prefix + "g", channels, Init.ONES, 0), vector(prefix + "b", channels, Init.ZEROS, 0));
    }
}
