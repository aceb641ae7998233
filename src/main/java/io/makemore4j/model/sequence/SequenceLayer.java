package io.makemore4j.model.sequence;

import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of the runtime layers of the sequence models that keep a per-item state between
 * {@code rnnTimeStep} calls (a hidden state, a running sum, the next position, a key/value cache),
 * so that {@link io.makemore4j.sample.GraphSteps} can sample from a graph one character at a time.
 * Every state array has one row per item along dimension 0; the sampler selects rows of it when items
 * finish. The state lives outside any workspace (a subclass creates its arrays detached).
 *
 * <p>Truncated backpropagation through time is not supported: the models train on whole items.
 *
 * @param <C> the layer's configuration
 */
public abstract class SequenceLayer<C extends org.deeplearning4j.nn.conf.layers.BaseLayer> extends BaseLayer<C>
        implements RecurrentLayer {

    /** The state after the last {@code rnnTimeStep}, by name; empty before the first. */
    protected Map<String, INDArray> stateMap = new HashMap<>();

    protected SequenceLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return new HashMap<>(stateMap);
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        this.stateMap = new HashMap<>(stateMap);
    }

    @Override
    public void rnnClearPreviousState() {
        stateMap.clear();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(layerId() + ": truncated BPTT is not supported (the models train on whole items)");
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return new HashMap<>();
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        throw new UnsupportedOperationException(layerId() + ": truncated BPTT is not supported");
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(layerId() + ": truncated BPTT is not supported");
    }
}
