package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * DL4J's {@link EmbeddingSequenceLayer} configuration (same settings, parameter {@code W}, weight
 * initialisation and JSON) with a faster runtime, {@link SequenceEmbeddingLayer}: the lookup and its
 * gradient are row copies and additions done in Java on the table's memory, instead of a native
 * pullRows, a second lookup in backprop and a native scatter per step.
 */
public class SequenceEmbedding extends EmbeddingSequenceLayer {

    /** For JSON deserialisation and {@link #of(EmbeddingSequenceLayer)}. */
    public SequenceEmbedding() {
    }

    /**
     * The same configuration as a built stock one: every field of {@link EmbeddingSequenceLayer} and
     * its superclasses is copied (its builder can only build the stock class).
     */
    public static SequenceEmbedding of(EmbeddingSequenceLayer stock) {
        return copy(stock, new SequenceEmbedding());
    }

    /** Copies every field of the stock configuration into {@code copy}. */
    static <T extends SequenceEmbedding> T copy(EmbeddingSequenceLayer stock, T copy) {
        try {
            for (Class<?> c = EmbeddingSequenceLayer.class; c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(copy, f.get(stock));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy the EmbeddingSequenceLayer configuration", e);
        }
        return copy;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new SequenceEmbeddingLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public SequenceEmbedding clone() {
        return (SequenceEmbedding) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceEmbedding && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 2;
    }
}
