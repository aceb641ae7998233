package io.makemore4j.model.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Supplier;

/**
 * The linear map of a fused layer, {@code z = f(x; W)} with {@code W} (nIn, nOut) and {@code z}
 * (rows, nOut), around which {@link FusedLinearBatchNormLayer} does the batch norm and the activation:
 * a matrix product ({@link DenseMap}) or a causal dilated convolution ({@link DilatedConvMap}).
 * Linear in {@code x} and in {@code W}, with no bias (the batch norm's beta is the bias).
 */
interface LinearMap {

    /**
     * Checks the layer's input and returns the map's input, whose rows are the rows of {@code z}.
     *
     * @param mask  the layer's mask, or null
     * @param layer the layer's id, for messages ({@code layerId()}, built only when needed)
     * @throws org.deeplearning4j.exception.DL4JInvalidInputException when the input does not fit
     */
    INDArray input(INDArray x, INDArray mask, Supplier<String> layer);

    /**
     * Weights of the rows of the last {@link #input} in the batch statistics, summing to 1, or null
     * when every row counts the same (then the mean is a plain mean over the rows). Rows of weight 0
     * (padding) take no part in the statistics and must receive a zero gradient; a row of weight w
     * counts as w equal rows.
     */
    double[] rowWeights(long rows);

    /**
     * The training pass of the map over one plan's arrays, made once per row count outside any
     * workspace: its forward pass writes into {@code z}.
     *
     * @param w the weight parameter (nIn, nOut)
     * @param z the plan's pre-normalisation output (rows, nOut)
     */
    Training training(long rows, INDArray w, INDArray z);

    /**
     * Inference: {@code out = f(x; w) + shift}, with {@code w} (nIn, nOut) the weights with batch norm
     * folded in ({@link BatchNormFold}) and {@code shift} (nOut) the folded bias.
     */
    void infer(INDArray x, INDArray w, INDArray shift, INDArray out);

    /** The map's forward and backward passes on the arrays of one row count. */
    interface Training {

        /** {@code z = f(x; W)} into the plan's {@code z}; {@code x} as returned by {@link LinearMap#input}. */
        void forward(INDArray x);

        /**
         * Given {@code dz = dL/dz} (rows, nOut), writes {@code dL/dW} into {@code dW} (nIn, nOut) and
         * returns {@code dL/dx}, the shape of the layer's input (valid until the next backward pass).
         */
        INDArray backward(INDArray x, INDArray dz, INDArray dW);
    }
}
