package io.makemore4j.model.vertex;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the vertex that turns the dilated model's shared-boundary layout into one row per
 * position of each item, for the output layer:
 *
 * <pre>
 *   in  (1 + n(T-1), C): row 0 the boundary context shared by all items, then position q >= 1 of item i
 *                        at row 1 + (q-1)n + i                 (see DilatedConvLayer)
 *   out (n, T, C):       out[i, 0] = in[0], out[i, q] = in[1 + (q-1)n + i]
 * </pre>
 *
 * so that the prediction at position q of item i has its own row, and its own label. The batch's
 * {@code n} and {@code T} come from the graph's mask {@code (n, T)}. Backward, row 0 collects the
 * gradients of every item's position 0.
 */
public class ItemRows extends GraphVertex {

    @Override
    public ItemRows clone() {
        return new ItemRows();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemRows;
    }

    @Override
    public int hashCode() {
        return ItemRows.class.hashCode();
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
        return new ItemRowsVertex(graph, name, idx, null, null, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs == null || vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeFeedForward f)) {
            throw new InvalidInputTypeException("ItemRows expects one feed-forward input (rows, channels)");
        }
        return InputType.recurrent(f.getSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType outputType = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ItemRows.class, inputTypes[0], outputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "ItemRows()";
    }
}
