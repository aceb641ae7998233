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

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the Transformer's input: makemore's {@code wte} and {@code wpe}, a token and a
 * position embedding summed, {@code (items, T)} token indices to the packed rows of the batch's
 * positions ({@link PackedRows}), {@code (rows, C)}:
 *
 * <pre>
 *   x[row of (i, q)] = drop(wte[token(i, q)] + wpe[q])       q &lt; blockSize
 * </pre>
 *
 * Parameters (part of the checkpoint format): {@code wte} (vocab, C) and {@code wpe} (blockSize, C),
 * both N(0, 1) as {@code nn.Embedding}, both weights (weight decay applies); nIn is the vocabulary
 * size, nOut the channels. The runtime is
 * {@link TokenPositionEmbeddingLayer}; dropout as in {@link TransformerBlock}.
 */
public class TokenPositionEmbedding extends FeedForwardLayer implements TransformerParams.Specified, PositionwiseLayer {

    /** Name of the token table. */
    public static final String TOKENS = "wte";
    /** Name of the position table. */
    public static final String POSITIONS = "wpe";

    private int blockSize = 1;
    private double dropout;

    /** For JSON deserialisation. */
    public TokenPositionEmbedding() {
    }

    private TokenPositionEmbedding(Builder builder) {
        super(builder);
        this.blockSize = builder.blockSize;
        this.dropout = builder.dropout;
    }

    /** Positions with an embedding: the longest item + 1. */
    public int getBlockSize() {
        return blockSize;
    }

    public void setBlockSize(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Fraction of the embedding's outputs zeroed in training (0: none). */
    public double getDropout() {
        return dropout;
    }

    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.matrix(TOKENS, getNIn(), getNOut(), ParamSpec.Init.NORMAL, 0),
                ParamSpec.matrix(POSITIONS, blockSize, getNOut(), ParamSpec.Init.NORMAL, 0));
    }

    @Override
    public String summaryKind() {
        return "Embedding+Positions";
    }

    @Override
    public boolean rowsPerPosition() {
        return true;   // packed rows, one per item position
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (getNIn() < 1 || getNOut() < 1 || blockSize < 1 || dropout < 0 || dropout >= 1) {
            throw new IllegalStateException("TokenPositionEmbedding " + getLayerName() + ": vocabulary " + getNIn()
                    + ", channels " + getNOut() + ", block size " + blockSize + " and dropout " + dropout + " do not fit");
        }
        return Layers.wire(new TokenPositionEmbeddingLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
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
        return new LayerMemoryReport.Builder(getLayerName(), TokenPositionEmbedding.class, inputType, inputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 0, 0, getNOut())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public TokenPositionEmbedding clone() {
        return (TokenPositionEmbedding) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenPositionEmbedding e && super.equals(o) && e.blockSize == blockSize && e.dropout == dropout;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), blockSize, dropout);
    }

    @Override
    public String toString() {
        return "TokenPositionEmbedding(vocabulary=" + getNIn() + ", channels=" + getNOut() + ", blockSize=" + blockSize
                + ", dropout=" + dropout + ")";
    }

    /** Builder: {@code nIn} (vocabulary), {@code nOut} (channels), {@code blockSize}, {@code dropout}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int blockSize = 1;
        private double dropout;

        /** Positions with an embedding. */
        public Builder blockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** Dropout rate (default 0). */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TokenPositionEmbedding build() {
            return new TokenPositionEmbedding(this);
        }
    }
}
