package io.makemore4j.model.bow;

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

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * makemore.py's bag-of-words block ({@code BoWBlock} with its {@code CausalBoW}) over whole items,
 * {@code (items, T, nIn) -> (items, T, nIn)}:
 *
 * <pre>
 *   u_t = x_t + mean(x_0 .. x_t)                    the causal bag of words: the average of the
 *                                                   positions up to t, added to position t
 *   out = u + tanh(u W1 + b1) W2 + b2               the MLP, with a residual connection
 * </pre>
 *
 * with {@code W1} (nIn, hidden), {@code W2} (hidden, nIn): makemore.py's {@code c_fc} and
 * {@code c_proj}, initialised as PyTorch's Linear (weights and biases U(-k, k), {@code k = 1/sqrt(fan_in)}).
 * Parameters, in this order: {@code W1}, {@code b1}, {@code W2}, {@code b2}. The runtime is
 * {@link CausalBowLayer}; the mean is causal, so padding after an item changes nothing before it.
 */
public class CausalBow extends FeedForwardLayer implements PositionwiseLayer {

    /** MLP input weights (nIn, hidden). */
    public static final String W1 = "W1";
    /** MLP input bias (1, hidden). */
    public static final String B1 = "b1";
    /** MLP output weights (hidden, nIn). */
    public static final String W2 = "W2";
    /** MLP output bias (1, nIn). */
    public static final String B2 = "b2";

    private long hidden;

    /** For JSON deserialisation. */
    public CausalBow() {
    }

    private CausalBow(Builder builder) {
        super(builder);
        this.hidden = builder.hidden;
        setNOut(getNIn());
    }

    /** Width of the MLP's hidden layer (makemore.py's {@code n_embd2}). */
    public long getHidden() {
        return hidden;
    }

    public void setHidden(long hidden) {
        this.hidden = hidden;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("CausalBow", getLayerName(), layerIndex, getNIn(), getNOut());
        if (hidden < 1 || getNOut() != getNIn()) {
            throw new IllegalStateException("CausalBow " + getLayerName() + ": hidden must be positive and nOut equal nIn");
        }
        return Layers.wire(new CausalBowLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, initializeParams);
    }

    @Override
    public String summaryKind() {
        return "CausalBoW+MLP(" + hidden + ")";
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
        long perPosition = 4 * getNIn() + 2 * hidden;
        return new LayerMemoryReport.Builder(getLayerName(), CausalBow.class, inputType, getOutputType(-1, inputType))
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, 0, perPosition, perPosition)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public CausalBow clone() {
        return (CausalBow) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CausalBow c && super.equals(o) && c.hidden == hidden;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), hidden);
    }

    /** Builder: {@code nIn} (the channels in and out), {@code hidden}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private long hidden;

        /** The MLP's hidden width. */
        public Builder hidden(long hidden) {
            this.hidden = hidden;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public CausalBow build() {
            return new CausalBow(this);
        }
    }

    /** The parameter layout and PyTorch's initialisation. */
    static final class Params extends ParamLayout {

        static final Params INSTANCE = new Params();

        @Override
        protected List<Param> params(org.deeplearning4j.nn.conf.layers.Layer layer) {
            CausalBow c = (CausalBow) layer;
            long n = c.getNIn();
            long h = c.getHidden();
            return List.of(new Param(W1, new long[] {n, h}, true, false), new Param(B1, new long[] {1, h}, false, true),
                    new Param(W2, new long[] {h, n}, true, false), new Param(B2, new long[] {1, n}, false, true));
        }

        @Override
        protected void initialize(org.deeplearning4j.nn.conf.layers.Layer layer, Map<String, INDArray> views) {
            CausalBow c = (CausalBow) layer;
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                boolean first = e.getKey().equals(W1) || e.getKey().equals(B1);
                double k = 1.0 / Math.sqrt(first ? c.getNIn() : c.getHidden());
                Nd4j.rand(e.getValue(), Nd4j.getDistributions().createUniform(-k, k));
            }
        }
    }
}
