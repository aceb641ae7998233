package io.makemore4j.model.vertex;

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
import org.nd4j.linalg.api.shape.Shape;

import java.util.Arrays;

/**
 * Runtime FlattenConsecutive(n) vertex; see {@link FlattenConsecutive} for the layout.
 *
 * <p>Forward and backward are reshapes: views when the array is c-order contiguous, one copy
 * otherwise. Results are then leveraged into this vertex's ACTIVATIONS / ACTIVATION_GRAD workspace:
 * <ul>
 *   <li>training forward: every activation lives in one workspace, so the forward pass is free;</li>
 *   <li>inference forward: each layer's output has its own workspace, so the view is copied;</li>
 *   <li>backward: ComputationGraph gives every vertex its own activation-gradient workspace and
 *       closes the downstream one once this vertex is done, so the gradient is copied (small:
 *       batch*time*channels values). A view of the incoming gradient is rejected by the graph's
 *       workspace validation ("should be in workspace WS_LAYER_ACT_0 but is in WS_LAYER_ACT_1").</li>
 * </ul>
 * Arrays detached from any workspace (the reused buffers of the fused layers) are neither copied nor
 * validated: their view is kept and returned again when the same array object comes back, so a
 * training step of the fused model creates no array here.
 */
public class FlattenConsecutiveVertex extends BaseGraphVertex {

    private final int n;
    private final int timeSteps;
    // the last reshape of a detached array (the fused layers' reused buffers), so that a step
    // creates no new array object for it
    private INDArray forwardIn;
    private INDArray forwardOut;
    private INDArray backwardIn;
    private INDArray backwardOut;

    /** Creates the vertex unconnected; the graph sets its input and output vertices. */
    public FlattenConsecutiveVertex(ComputationGraph graph, String name, int vertexIndex, int n, int timeSteps,
            DataType dataType) {
        this(graph, name, vertexIndex, null, null, n, timeSteps, dataType);
    }

    /** Creates the vertex with its connections. */
    public FlattenConsecutiveVertex(ComputationGraph graph, String name, int vertexIndex,
            VertexIndices[] inputVertices, VertexIndices[] outputVertices, int n, int timeSteps, DataType dataType) {
        super(graph, name, vertexIndex, inputVertices, outputVertices, dataType);
        this.n = n;
        this.timeSteps = timeSteps;
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
            throw new IllegalStateException("FlattenConsecutive " + vertexName + ": input not set");
        }
        INDArray in = inputs[0];               // (batch, time, channels) or (batch*time, channels)
        if (in == forwardIn) {
            return forwardOut;
        }
        long channels = checkInput(in);
        long rows = in.length() / channels;     // batch*time
        if (!isCContiguous(in)) {
            in = workspaceMgr.dup(ArrayType.ACTIVATIONS, in, 'c');
        }
        INDArray out = in.reshape('c', rows / n, n * channels);   // (batch*time/n, n*channels)
        if (out.isAttached() || in != inputs[0]) {
            return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
        }
        forwardIn = in;
        forwardOut = out;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("FlattenConsecutive " + vertexName + ": epsilon not set");
        }
        INDArray eps = epsilon;                 // (batch*time/n, n*channels)
        if (eps == backwardIn && backwardOut.equalShapes(inputs[0])) {
            return new Pair<>(null, new INDArray[] {backwardOut});
        }
        if (!isCContiguous(eps)) {
            eps = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, eps, 'c');
        }
        // back to the input's shape: (batch, time, channels) or (batch*time, channels)
        INDArray back = eps.reshape('c', inputs[0].shape());
        if (!back.isAttached() && eps == epsilon) {
            backwardIn = eps;
            backwardOut = back;
            return new Pair<>(null, new INDArray[] {back});
        }
        return new Pair<>(null, new INDArray[] {workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, back)});
    }

    /** Checks the input's shape and returns its channel count. */
    private long checkInput(INDArray in) {
        long rows;
        long channels;
        if (in.rank() == 3) {
            if (in.size(1) != timeSteps) {
                throw new IllegalStateException("FlattenConsecutive " + vertexName + ": expected (batch, "
                        + timeSteps + ", channels) input, got " + Arrays.toString(in.shape()));
            }
            rows = in.size(0) * in.size(1);
            channels = in.size(2);
        } else if (in.rank() == 2) {
            rows = in.size(0);
            channels = in.size(1);
        } else {
            throw new IllegalStateException("FlattenConsecutive " + vertexName + ": expected rank 2 or 3 input, got "
                    + Arrays.toString(in.shape()));
        }
        if (rows % timeSteps != 0) {
            throw new IllegalStateException("FlattenConsecutive " + vertexName + ": " + rows
                    + " rows are not a whole number of examples of " + timeSteps + " time steps");
        }
        return channels;
    }

    private static boolean isCContiguous(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("FlattenConsecutive has no parameters");
        }
    }

    /**
     * Masks: none in the fixed-length model. A mask given anyway is mapped to the output rows: a
     * per-step mask (batch, time) or per-row mask (batch*time, 1) becomes (batch*time/n, 1), an output
     * row being present when any of its n steps is.
     */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        if (maskArrays == null || maskArrays.length == 0 || maskArrays[0] == null) {
            return new Pair<>(null, currentMaskState);
        }
        INDArray mask = maskArrays[0];          // (batch, time) or (batch*time, 1)
        long rowsOut = mask.length() / n;
        INDArray grouped = mask.dup('c').reshape('c', rowsOut, n).max(true, 1);   // (batch*time/n, 1)
        return new Pair<>(grouped, currentMaskState);
    }

    @Override
    public String toString() {
        return "FlattenConsecutiveVertex(id=" + vertexIndex + ",name=\"" + vertexName + "\",n=" + n
                + ",timeSteps=" + timeSteps + ")";
    }
}
