package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runtime layer of {@link DilatedConv}: the fused batch norm and activation of
 * {@link FusedLinearBatchNormLayer} over a causal convolution of whole items instead of a matrix
 * product ({@link DilatedConvMap}, where the row layout and the masked batch statistics are
 * described).
 */
public final class DilatedConvLayer extends FusedLinearBatchNormLayer {

    /** Created by {@link DilatedConv#instantiate}. */
    public DilatedConvLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType, new DilatedConvMap((DilatedConv) conf.getLayer(), dataType));
    }
}
