package io.makemore4j.model.sequence;

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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input layer of the sequence models: {@code (items, T)} character indices to
 * {@code (items, T, nOut)} vectors, the rows of a token table {@code W (nIn = vocab, nOut)}, plus, when
 * {@code positions > 0}, the rows of a position table {@code P (positions, nOut)} ({@code wte(idx) +
 * wpe(pos)} in makemore.py's bag of words and Transformer). Both tables are initialised from the
 * layer's weight init (N(0, 1), as {@code nn.Embedding}). With positions, an item has at most
 * {@code positions} positions. The runtime ({@link TokenEmbeddingLayer}) is stateful for
 * {@code rnnTimeStep}: it remembers each row's next position.
 */
public class TokenEmbedding extends FeedForwardLayer implements PositionwiseLayer {

    /** Name of the token table, (vocab, nOut). */
    public static final String TOKENS = "W";
    /** Name of the position table, (positions, nOut). */
    public static final String POSITIONS = "P";

    private int positions;

    /** For JSON deserialisation. */
    public TokenEmbedding() {
    }

    private TokenEmbedding(Builder builder) {
        super(builder);
        this.positions = builder.positions;
    }

    /** Rows of the position table: the most positions an item has; 0 for no position table. */
    public int getPositions() {
        return positions;
    }

    public void setPositions(int positions) {
        this.positions = positions;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("TokenEmbedding", getLayerName(), layerIndex, getNIn(), getNOut());
        return Layers.wire(new TokenEmbeddingLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, initializeParams);
    }

    @Override
    public String summaryKind() {
        return positions > 0 ? "Embedding+Positions" : "Embedding";
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
        return new LayerMemoryReport.Builder(getLayerName(), TokenEmbedding.class, inputType, getOutputType(-1, inputType))
                .standardMemory(initializer().numParams(this), 0)
                .workingMemory(0, 0, 0, getNOut())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public TokenEmbedding clone() {
        return (TokenEmbedding) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenEmbedding t && super.equals(o) && t.positions == positions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), positions);
    }

    /** Builder: {@code nIn} (the vocabulary), {@code nOut}, {@code positions}, {@code weightInit}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private int positions;

        /** A position table of this many rows (default 0: none). */
        public Builder positions(int positions) {
            this.positions = positions;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TokenEmbedding build() {
            return new TokenEmbedding(this);
        }
    }

    /** {@code W} (vocab, nOut), then {@code P} (positions, nOut) when there are positions; both weights. */
    static final class Params extends ParamLayout {

        static final Params INSTANCE = new Params();

        @Override
        protected List<Param> params(org.deeplearning4j.nn.conf.layers.Layer layer) {
            TokenEmbedding t = (TokenEmbedding) layer;
            List<Param> out = new ArrayList<>();
            out.add(new Param(TOKENS, new long[] {t.getNIn(), t.getNOut()}, true, false));
            if (t.getPositions() > 0) {
                out.add(new Param(POSITIONS, new long[] {t.getPositions(), t.getNOut()}, true, false));
            }
            return out;
        }

        @Override
        protected void initialize(org.deeplearning4j.nn.conf.layers.Layer layer, Map<String, INDArray> views) {
            TokenEmbedding t = (TokenEmbedding) layer;
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                INDArray v = e.getValue();
                t.getWeightInitFn().init(v.size(0), v.size(1), v.shape(), 'c', v);
            }
        }
    }
}
