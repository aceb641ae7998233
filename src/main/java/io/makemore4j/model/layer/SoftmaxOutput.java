package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Collection;

/**
 * DL4J's {@link OutputLayer} configuration (softmax, sparse multi-class cross-entropy, weights
 * {@code W} and bias {@code b}, or {@code W} only with {@code hasBias(false)}, as DL4J lays them out and
 * initialises them) with a faster runtime,
 * {@link SoftmaxOutputLayer}: the logits are computed once per training step instead of twice, and the
 * loss and its gradient are taken in Java from the softmax output instead of through one-hot label
 * arrays. Results are those of the stock layer (the loss clips probabilities at the loss function's
 * {@code softmaxClipEps} like it).
 *
 * <p>Only softmax with {@link LossSparseMCXENT} without weights is supported, and no dropout or
 * weight noise. A mask of the positions to predict is honoured (the dilated model's padding).
 */
public class SoftmaxOutput extends OutputLayer {

    /** For JSON deserialisation. */
    public SoftmaxOutput() {
    }

    protected SoftmaxOutput(Builder builder) {
        super(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("SoftmaxOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        if (!(getActivationFn() instanceof ActivationSoftmax) || !(getLossFn() instanceof LossSparseMCXENT loss)
                || loss.getWeights() != null) {
            throw new IllegalStateException("SoftmaxOutput supports softmax with unweighted LossSparseMCXENT only, got " + getActivationFn() + ", " + getLossFn());
        }
        return Layers.wire(new SoftmaxOutputLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public SoftmaxOutput clone() {
        return (SoftmaxOutput) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxOutput && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 1;
    }

    /** DL4J's OutputLayer builder, building this class. */
    public static class Builder extends OutputLayer.Builder {

        /** With the loss function (must be an unweighted {@link LossSparseMCXENT}); activation softmax. */
        public Builder(ILossFunction lossFunction) {
            super(lossFunction);
        }

        @Override
        @SuppressWarnings("unchecked")
        public SoftmaxOutput build() {
            return new SoftmaxOutput(this);
        }
    }
}
