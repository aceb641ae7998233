package io.makemore4j.model.bigram;

import io.makemore4j.model.layer.Layers;
import io.makemore4j.model.layer.PositionwiseLayer;
import io.makemore4j.model.layer.SoftmaxOutput;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
import org.deeplearning4j.nn.weights.WeightInit;

import java.util.Collection;

/**
 * makemore.py's bigram model as one output layer: a table {@code W} (vocab, vocab) of logits for the
 * next character given the previous one, {@code p = softmax(W[previous])}, with the sparse
 * cross-entropy loss of {@link SoftmaxOutput} (a mask of the positions to predict honoured). Its
 * input is the graph's {@code (items, T)} character indices themselves. DL4J's {@code OutputLayer}
 * configuration without a bias, so the table is its parameter {@code W}, initialised to zeros as
 * makemore.py's {@code torch.zeros((n, n))}. The runtime is {@link BigramOutputLayer}.
 */
public class BigramOutput extends SoftmaxOutput implements PositionwiseLayer {

    /** For JSON deserialisation. */
    public BigramOutput() {
    }

    private BigramOutput(Builder builder) {
        super(builder);
    }

    /** The table over {@code vocab} characters. */
    public static BigramOutput of(int vocab) {
        return (BigramOutput) new Builder().nIn(vocab).nOut(vocab).build();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("BigramOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        if (hasBias() || getNIn() != getNOut()) {
            throw new IllegalStateException("BigramOutput " + getLayerName() + ": a square table without bias expected");
        }
        return Layers.wire(new BigramOutputLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView, initializeParams);
    }

    @Override
    public String summaryKind() {
        return "Bigram table+Softmax";
    }

    @Override
    public boolean rowsPerPosition() {
        return true;
    }

    @Override
    public BigramOutput clone() {
        return (BigramOutput) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BigramOutput && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 5;
    }

    /** Softmax, sparse cross-entropy, no bias, zero weights. */
    public static class Builder extends SoftmaxOutput.Builder {

        public Builder() {
            super(new LossSparseMCXENT());
            activation(Activation.SOFTMAX);
            hasBias(false);
            weightInit(WeightInit.ZERO);
        }

        @Override
        @SuppressWarnings("unchecked")
        public BigramOutput build() {
            return new BigramOutput(this);
        }
    }
}
