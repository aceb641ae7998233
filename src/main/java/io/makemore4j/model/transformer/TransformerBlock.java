package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.Layers;
import io.makemore4j.model.layer.PositionwiseLayer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one Transformer block, makemore's (and nanoGPT's) {@code Block}, on the packed
 * rows of a batch of items ({@link PackedRows}), {@code (rows, C) -> (rows, C)}:
 *
 * <pre>
 *   x = x + drop(proj(attention(qkv(LayerNorm1(x)))))       causal multi-head self-attention
 *   x = x + drop(out(gelu(fc(LayerNorm2(x)))))              MLP, 4C hidden, NewGELU (tanh form)
 * </pre>
 *
 * with {@code qkv}: Linear C -> 3C, {@code proj}: C -> C, {@code fc}: C -> 4C, {@code out}: 4C -> C,
 * all with biases; the attention's probabilities are dropped too (nanoGPT's three dropouts). The
 * runtime is {@link TransformerBlockLayer}. Parameters, in this order (part of the checkpoint
 * format; no underscores, which DL4J's updater takes for the layer-name separator): {@code ln1g, ln1b, qkvW,
 * qkvb, projW, projb, ln2g, ln2b, fcW, fcb, outW, outb}:
 * {@code 12 C^2 + 13 C} values (49,984 at C = 64), PyTorch's initialisation (Linear uniform in
 * +-1/sqrt(fan-in), LayerNorm gain 1 and bias 0). The four matrices take the layer's weight decay,
 * the vectors none, as nanoGPT (makemore.py decays every parameter).
 *
 * <p>Dropout masks are a function of the graph's seed, the training step and the layer's index
 * ({@link io.makemore4j.model.layer.StepDropout#mask}), so a resumed run drops exactly what the
 * uninterrupted one drops.
 */
public class TransformerBlock extends FeedForwardLayer implements TransformerParams.Specified, PositionwiseLayer {

    private int heads = 1;
    private double dropout;

    /** For JSON deserialisation. */
    public TransformerBlock() {
    }

    private TransformerBlock(Builder builder) {
        super(builder);
        this.heads = builder.heads;
        this.dropout = builder.dropout;
    }

    /** Attention heads; they split the channels. */
    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    /** Fraction of values zeroed by each dropout in training (0: none). */
    public double getDropout() {
        return dropout;
    }

    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    /** Channels, {@code C} (nIn = nOut). */
    public int channels() {
        return Math.toIntExact(getNIn());
    }

    @Override
    public List<ParamSpec> params() {
        long c = getNIn();
        List<ParamSpec> p = new ArrayList<>();
        p.addAll(ParamSpec.layerNorm("ln1", c));
        p.addAll(ParamSpec.linear("qkv", c, 3 * c));
        p.addAll(ParamSpec.linear("proj", c, c));
        p.addAll(ParamSpec.layerNorm("ln2", c));
        p.addAll(ParamSpec.linear("fc", c, 4 * c));
        p.addAll(ParamSpec.linear("out", 4 * c, c));
        return p;
    }

    @Override
    public String summaryKind() {
        return "Attention(" + heads + " heads)+MLP";
    }

    @Override
    public boolean rowsPerPosition() {
        return true;   // packed rows, one per item position
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (getNIn() < 1 || getNIn() != getNOut() || heads < 1 || getNIn() % heads != 0 || dropout < 0 || dropout >= 1) {
            throw new IllegalStateException("TransformerBlock " + getLayerName() + ": nIn " + getNIn() + ", nOut " + getNOut()
                    + ", heads " + heads + " and dropout " + dropout + " do not fit (nIn = nOut, a multiple of heads; dropout in [0, 1))");
        }
        return Layers.wire(new TransformerBlockLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return TransformerParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long updaterState = 0;
        for (ParamSpec p : params()) {
            updaterState += getUpdaterByParam(p.name()).stateSize(p.length());
        }
        long c = getNIn();
        // per row: training keeps about 40 C values (activations, GELU arrays, gradients), inference 16 C
        return new LayerMemoryReport.Builder(getLayerName(), TransformerBlock.class, inputType, inputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 16 * c, 0, 40 * c)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public TransformerBlock clone() {
        return (TransformerBlock) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerBlock b && super.equals(o) && b.heads == heads && b.dropout == dropout;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), heads, dropout);
    }

    @Override
    public String toString() {
        return "TransformerBlock(channels=" + getNIn() + ", heads=" + heads + ", dropout=" + dropout + ")";
    }

    /** Builder: {@code channels} (nIn = nOut), {@code heads}, {@code dropout}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int heads = 1;
        private double dropout;

        /** Channels in and out. */
        public Builder channels(long channels) {
            nIn(channels);
            return nOut(channels);
        }

        /** Attention heads (default 1). */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Dropout rate (default 0). */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TransformerBlock build() {
            return new TransformerBlock(this);
        }
    }
}
