package io.makemore4j.model.recurrent;

import io.makemore4j.model.layer.Layers;
import io.makemore4j.model.layer.PositionwiseLayer;
import io.makemore4j.model.layer.ParamLayout;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * makemore.py's recurrent cells over whole items, {@code (items, T, nIn) -> (items, T, nOut)}, from a
 * learned start state {@code h_{-1} = start}:
 *
 * <pre>
 *   plain ({@code gated = false}, makemore.py's RNNCell):
 *     h_t = tanh(x_t Wxc + h_{t-1} Whc + bc)
 *   gated ({@code gated = true}, makemore.py's GRUCell):
 *     [r | z] = sigmoid(x_t Wxg + h_{t-1} Whg + bg)            reset and update gates
 *     c       = tanh(x_t Wxc + (r * h_{t-1}) Whc + bc)         the candidate, from the reset state
 *     h_t     = (1 - z) * h_{t-1} + z * c
 * </pre>
 *
 * makemore.py writes each of its Linear({@code nIn + nOut}, {@code nOut}) layers as one matrix over the
 * concatenation {@code [x, h]}; here the {@code x} rows and the {@code h} rows are separate parameters
 * (the same values, the same count), so that the {@code x} products of all positions are one matrix
 * product. Initialisation as PyTorch's: weights and biases U(-k, k) with {@code k = 1/sqrt(nIn + nOut)},
 * the start state 0.
 *
 * <p>Parameters, in this order (part of the checkpoint format): {@code start} (1, nOut); gated only:
 * {@code Wxg} (nIn, 2 nOut), {@code Whg} (nOut, 2 nOut), {@code bg} (1, 2 nOut); then {@code Wxc}
 * (nIn, nOut), {@code Whc} (nOut, nOut), {@code bc} (1, nOut). Weight decay applies to the matrices.
 * The runtime is {@link RecurrentCellLayer}; no dropout.
 */
public class RecurrentCell extends FeedForwardLayer implements PositionwiseLayer {

    /** The learned start state, (1, nOut). */
    public static final String START = "start";
    /** Gates: input weights (nIn, 2 nOut), reset then update. */
    public static final String GATE_X = "Wxg";
    /** Gates: recurrent weights (nOut, 2 nOut). */
    public static final String GATE_H = "Whg";
    /** Gates: bias (1, 2 nOut). */
    public static final String GATE_B = "bg";
    /** Candidate (the whole cell when not gated): input weights (nIn, nOut). */
    public static final String CELL_X = "Wxc";
    /** Candidate: recurrent weights (nOut, nOut). */
    public static final String CELL_H = "Whc";
    /** Candidate: bias (1, nOut). */
    public static final String CELL_B = "bc";

    private boolean gated;

    /** For JSON deserialisation. */
    public RecurrentCell() {
    }

    private RecurrentCell(Builder builder) {
        super(builder);
        this.gated = builder.gated;
    }

    /** Whether this is the GRU (reset and update gates) rather than the plain tanh cell. */
    public boolean isGated() {
        return gated;
    }

    public void setGated(boolean gated) {
        this.gated = gated;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("RecurrentCell", getLayerName(), layerIndex, getNIn(), getNOut());
        if (getIDropout() != null) {
            throw new IllegalStateException("RecurrentCell " + getLayerName() + ": dropout is not supported");
        }
        return Layers.wire(new RecurrentCellLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, initializeParams);
    }

    @Override
    public String summaryKind() {
        return gated ? "GRU" : "RNN (tanh)";
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(getNOut());
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perPosition = (gated ? 8 : 4) * getNOut() + 2 * getNIn();    // the saved activations and gradients
        return new LayerMemoryReport.Builder(getLayerName(), RecurrentCell.class, inputType, getOutputType(-1, inputType))
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, 0, perPosition, perPosition)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public RecurrentCell clone() {
        return (RecurrentCell) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecurrentCell c && super.equals(o) && c.gated == gated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), gated);
    }

    @Override
    public String toString() {
        return (gated ? "GRU" : "RNN") + "Cell(nIn=" + getNIn() + ", nOut=" + getNOut() + ")";
    }

    /** Builder: {@code nIn}, {@code nOut}, {@code gated}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private boolean gated;

        /** The GRU cell (true) or the plain tanh cell (false, the default). */
        public Builder gated(boolean gated) {
            this.gated = gated;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public RecurrentCell build() {
            return new RecurrentCell(this);
        }
    }

    /** The parameter layout and PyTorch's initialisation. */
    static final class Params extends ParamLayout {

        static final Params INSTANCE = new Params();

        @Override
        protected List<Param> params(org.deeplearning4j.nn.conf.layers.Layer layer) {
            RecurrentCell c = (RecurrentCell) layer;
            long in = c.getNIn();
            long h = c.getNOut();
            List<Param> out = new ArrayList<>();
            out.add(new Param(START, new long[] {1, h}, false, false));
            if (c.isGated()) {
                out.add(new Param(GATE_X, new long[] {in, 2 * h}, true, false));
                out.add(new Param(GATE_H, new long[] {h, 2 * h}, true, false));
                out.add(new Param(GATE_B, new long[] {1, 2 * h}, false, true));
            }
            out.add(new Param(CELL_X, new long[] {in, h}, true, false));
            out.add(new Param(CELL_H, new long[] {h, h}, true, false));
            out.add(new Param(CELL_B, new long[] {1, h}, false, true));
            return out;
        }

        @Override
        protected void initialize(org.deeplearning4j.nn.conf.layers.Layer layer, Map<String, INDArray> views) {
            RecurrentCell c = (RecurrentCell) layer;
            double k = 1.0 / Math.sqrt(c.getNIn() + c.getNOut());
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                if (START.equals(e.getKey())) {
                    e.getValue().assign(0);
                } else {
                    Nd4j.rand(e.getValue(), Nd4j.getDistributions().createUniform(-k, k));
                }
            }
        }
    }
}
