package io.makemore4j.model.transformer;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the vertex that turns the Transformer's packed rows ({@link PackedRows}) into one
 * row per position of the batch's {@code (n, T)} grid, for the output layer and its labels:
 *
 * <pre>
 *   in  (rows, C):   position q of item i at row offset(i) + q, then padding rows
 *   out (n, T, C):   out[i, q] = in[offset(i) + q] for q &lt; length(i), 0 after the item's end
 * </pre>
 *
 * The layout comes from the graph's mask {@code (n, T)}; backward, each packed row takes its
 * position's gradient and the padding rows zero. Runtime {@link PackedPositionsVertex}.
 */
public class PackedPositions extends GraphVertex {

    @Override
    public PackedPositions clone() {
        return new PackedPositions();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedPositions;
    }

    @Override
    public int hashCode() {
        return PackedPositions.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new PackedPositionsVertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs == null || vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeFeedForward f)) {
            throw new InvalidInputTypeException("PackedPositions expects one feed-forward input (rows, channels)");
        }
        return InputType.recurrent(f.getSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType outputType = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, PackedPositions.class, inputTypes[0], outputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "PackedPositions()";
    }
}
