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

/**
 * Configuration of a layer normalisation over the channels of each packed row ({@link PackedRows}),
 * {@code (rows, C) -> (rows, C)}: makemore's final {@code ln_f}, as PyTorch's {@code nn.LayerNorm}
 * ({@link LayerNormRows}). Parameters {@code g} (gain, ones) and {@code b} (bias, zeros), each (1, C);
 * runtime {@link RowLayerNormLayer}.
 */
public class RowLayerNorm extends FeedForwardLayer implements TransformerParams.Specified, PositionwiseLayer {

    /** For JSON deserialisation. */
    public RowLayerNorm() {
    }

    private RowLayerNorm(Builder builder) {
        super(builder);
    }

    @Override
    public List<ParamSpec> params() {
        return ParamSpec.layerNorm("", getNIn());
    }

    @Override
    public String summaryKind() {
        return "LayerNorm";
    }

    @Override
    public boolean rowsPerPosition() {
        return true;   // packed rows, one per item position
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (getNIn() < 1 || getNIn() != getNOut()) {
            throw new IllegalStateException("RowLayerNorm " + getLayerName() + ": nIn " + getNIn() + " and nOut " + getNOut()
                    + " must be equal and positive");
        }
        return Layers.wire(new RowLayerNormLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return TransformerParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long updaterState = 0;
        for (ParamSpec p : params()) {
            updaterState += getUpdaterByParam(p.name()).stateSize(p.length());
        }
        return new LayerMemoryReport.Builder(getLayerName(), RowLayerNorm.class, inputType, inputType)
                .standardMemory(initializer().numParams(this), updaterState)
                .workingMemory(0, 0, 0, 2 * getNIn())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public RowLayerNorm clone() {
        return (RowLayerNorm) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowLayerNorm && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 7;
    }

    @Override
    public String toString() {
        return "RowLayerNorm(channels=" + getNIn() + ")";
    }

    /** Builder: {@code channels} (nIn = nOut). */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        /** Channels in and out. */
        public Builder channels(long channels) {
            nIn(channels);
            return nOut(channels);
        }

        @Override
        @SuppressWarnings("unchecked")
        public RowLayerNorm build() {
            return new RowLayerNorm(this);
        }
    }
}
