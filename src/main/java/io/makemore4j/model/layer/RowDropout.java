package io.makemore4j.model.layer;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link DropoutLayer} for the dilated model's rows: the graph's {@code (items, T)} mask is
 * passed on but not applied (the rows are in the shared-boundary layout, and padding rows get no
 * gradient anyway), and the input is never modified in place (it is the previous layer's reused
 * output buffer, which that layer's backward pass reads).
 */
public class RowDropout extends DropoutLayer {

    /** For JSON deserialisation. */
    public RowDropout() {
    }

    /** @param dropout the dropout, e.g. {@code new StepDropout(rate, seed, salt)} (masks a function of the step) */
    public RowDropout(IDropout dropout) {
        super(dropout);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Layers.wire(new Runtime(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public RowDropout clone() {
        return (RowDropout) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowDropout && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 4;
    }

    /** The runtime: DL4J's dropout without the mask and without in-place changes to its input. */
    public static final class Runtime extends org.deeplearning4j.nn.layers.DropoutLayer {

        public Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
            this.maskArray = null;
            return new Pair<>(maskArray, currentMaskState);
        }

        @Override
        public void allowInputModification(boolean allow) {
            super.allowInputModification(false);
        }
    }
}
