package io.makemore4j.model.vertex;

import io.makemore4j.model.layer.PositionRows;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Runtime {@link ItemRows} vertex: row copies from the shared-boundary layout to one row per item
 * position (forward), and their sums back (backward), done by {@link PositionRows}. The batch's layout is read from the mask the
 * graph feeds forward ({@link #feedForwardMaskArrays}).
 */
public class ItemRowsVertex extends BaseGraphVertex {

    private INDArray mask;   // (n, T), the last one fed forward

    public ItemRowsVertex(ComputationGraph graph, String name, int vertexIndex, VertexIndices[] inputVertices,
            VertexIndices[] outputVertices, DataType dataType) {
        super(graph, name, vertexIndex, inputVertices, outputVertices, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    /** {n, T} of the current batch, checked against the input's rows. */
    private int[] layout(long rows) {
        if (mask == null || mask.rank() != 2 || 1 + mask.size(0) * (mask.size(1) - 1) != rows) {
            throw new IllegalStateException("ItemRows " + vertexName + ": " + rows + " rows do not match the item mask "
                    + (mask == null ? "(none: the dilated model needs the (items, T) mask)" : Arrays.toString(mask.shape())));
        }
        return new int[] {Math.toIntExact(mask.size(0)), Math.toIntExact(mask.size(1))};
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("ItemRows " + vertexName + ": input not set");
        }
        INDArray in = inputs[0];                                 // (1 + n(T-1), C)
        int[] nt = layout(in.size(0));
        int n = nt[0];
        int time = nt[1];
        long channels = in.size(1);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), new long[] {n, time, channels}, 'c');
        PositionRows.expand(in, out, n, time);
        return out;                                              // (n, T, C)
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("ItemRows " + vertexName + ": epsilon not set");
        }
        INDArray in = inputs[0];
        int[] nt = layout(in.size(0));
        int n = nt[0];
        int time = nt[1];
        INDArray back = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
        PositionRows.collapse(epsilon.castTo(in.dataType()), back, n, time);
        return new Pair<>(null, new INDArray[] {back});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("ItemRows has no parameters");
        }
    }

    /** Keeps the (n, T) item mask, which gives the batch's layout, and passes it on unchanged. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        mask = maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0];
        return new Pair<>(mask, currentMaskState);
    }

    @Override
    public String toString() {
        return "ItemRowsVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
    }
}
