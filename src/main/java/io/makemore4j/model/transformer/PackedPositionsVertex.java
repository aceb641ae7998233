package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime {@link PackedPositions} vertex: row copies in Java from the packed rows to the batch's
 * {@code (n, T)} grid (forward) and back (backward). The layout is read from the mask the graph
 * feeds forward ({@link #feedForwardMaskArrays}), which passes on unchanged.
 */
public class PackedPositionsVertex extends BaseGraphVertex {

    private INDArray mask;   // (n, T), the last one fed forward

    public PackedPositionsVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("PackedPositions " + vertexName + ": input not set");
        }
        INDArray in = contiguous(inputs[0]);                                 // (rows, C)
        PackedRows layout = PackedRows.of(mask, in.size(0), "PackedPositions " + vertexName);
        int c = (int) in.size(1);
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, in.dataType(),
                new long[] {layout.items(), layout.time(), c}, 'c');          // (n, T, C), zeros
        HostView from = HostView.of(in);
        HostView to = HostView.of(out);
        for (int i = 0; i < layout.items(); i++) {
            to.copyFrom(from, layout.offset(i) * c, i * layout.time() * c, layout.length(i) * c);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("PackedPositions " + vertexName + ": epsilon not set");
        }
        INDArray in = inputs[0];
        PackedRows layout = PackedRows.of(mask, in.size(0), "PackedPositions " + vertexName);
        int c = (int) in.size(1);
        INDArray back = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');   // (rows, C), zeros
        HostView from = HostView.of(contiguous(epsilon.castTo(in.dataType())));                 // (n, T, C)
        HostView to = HostView.of(back);
        for (int i = 0; i < layout.items(); i++) {
            to.copyFrom(from, i * layout.time() * c, layout.offset(i) * c, layout.length(i) * c);
        }
        return new Pair<>(null, new INDArray[] {back});
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 ? a : a.dup('c');
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("PackedPositions has no parameters");
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
        return "PackedPositionsVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
    }
}
