package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * The dilated model's embedding: DL4J's {@link EmbeddingSequenceLayer} configuration (parameter
 * {@code W}, initialisation, JSON) whose runtime, {@link ItemEmbeddingLayer}, writes the rows of a
 * batch of items {@code (n, T)} in the shared-boundary layout of {@link ItemLayout}.
 */
public class ItemEmbedding extends SequenceEmbedding {

    /** For JSON deserialisation and {@link #of(EmbeddingSequenceLayer)}. */
    public ItemEmbedding() {
    }

    /** The same configuration as a built stock one. */
    public static ItemEmbedding of(EmbeddingSequenceLayer stock) {
        return copy(stock, new ItemEmbedding());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new ItemEmbeddingLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ItemEmbedding clone() {
        return (ItemEmbedding) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemEmbedding && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 3;
    }
}
