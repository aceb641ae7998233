package io.makemore4j.model.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Objects;

/**
 * Configuration of one stage of the dilated model: a causal 1-D convolution with kernel {@code k}
 * and dilation {@code d} (no bias), batch norm over the valid positions of a batch of items, and
 * an activation, on {@code (items, T, C) -> (items, T, nOut)} arrays laid out as in
 * {@link DilatedConvMap}:
 *
 * <pre>
 *   z[q]   = [h[q-(k-1)d], ..., h[q-d], h[q]] W      W: (k*C, nOut), the oldest position first
 *   out[q] = act(gamma * (z[q] - mean) / sqrt(var + eps) + beta)
 * </pre>
 *
 * This is exactly the flatten model's {@code FlattenConsecutive(k)} + Linear, applied at every
 * position at once: W has the flatten stage's shape and row order (nIn = k*C), so the weights of
 * one model are the weights of the other ({@code ModelConverter} copies them). The parameters and their order are
 * those of {@link FusedLinearBatchNorm} (W, gamma, beta, running mean and variance).
 *
 * <p>{@code paddedPositions} is how many positions of the zero-padded item the first row of each
 * item stands for (see {@link DilatedConvMap}): {@code blockSize - receptiveField + 1}, where the
 * receptive field is the product of the kernels up to this stage. It weighs that row in the batch
 * statistics so that they are those of the convolution over the whole padded item.
 */
public class DilatedConv extends FusedLinearBatchNorm {

    private int kernel = 2;
    private int dilation = 1;
    private int paddedPositions = 1;

    /** For JSON deserialisation. */
    public DilatedConv() {
    }

    private DilatedConv(Builder builder) {
        super(builder);
        this.kernel = builder.kernel;
        this.dilation = builder.dilation;
        this.paddedPositions = builder.paddedPositions;
    }

    /** Taps of the convolution (the flatten factor of the stage). */
    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    /** Positions between taps (the product of the earlier stages' kernels). */
    public int getDilation() {
        return dilation;
    }

    public void setDilation(int dilation) {
        this.dilation = dilation;
    }

    /** Positions of the padded item that each item's first row stands for in the batch statistics. */
    public int getPaddedPositions() {
        return paddedPositions;
    }

    public void setPaddedPositions(int paddedPositions) {
        this.paddedPositions = paddedPositions;
    }

    /** Channels per position of the input: {@code nIn / kernel}. */
    public long channels() {
        return getNIn() / kernel;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DilatedConv", getLayerName(), layerIndex, getNIn(), getNOut());
        if (kernel < 1 || dilation < 1 || paddedPositions < 1 || getNIn() % kernel != 0) {
            throw new IllegalStateException("DilatedConv " + getLayerName() + ": kernel " + kernel + ", dilation " + dilation
                    + ", paddedPositions " + paddedPositions + " and nIn " + getNIn() + " do not fit");
        }
        return Layers.wire(new DilatedConvLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public DilatedConv clone() {
        return (DilatedConv) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DilatedConv c && super.equals(o) && c.kernel == kernel && c.dilation == dilation
                && c.paddedPositions == paddedPositions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), kernel, dilation, paddedPositions);
    }

    @Override
    public String toString() {
        return "DilatedConv(kernel=" + kernel + ", dilation=" + dilation + ", nIn=" + getNIn() + ", nOut=" + getNOut()
                + ", activation=" + getActivationFn() + ", paddedPositions=" + paddedPositions + ")";
    }

    /** Builder: as {@link FusedLinearBatchNorm.Builder} ({@code nIn} is kernel x channels), plus the convolution's shape. */
    public static class Builder extends FusedLinearBatchNorm.Builder {

        private int kernel = 2;
        private int dilation = 1;
        private int paddedPositions = 1;

        /** Taps of the convolution (default 2). */
        public Builder kernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Positions between taps (default 1). */
        public Builder dilation(int dilation) {
            this.dilation = dilation;
            return this;
        }

        /** Positions of the padded item that each item's first row stands for (default 1). */
        public Builder paddedPositions(int paddedPositions) {
            this.paddedPositions = paddedPositions;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DilatedConv build() {
            return new DilatedConv(this);
        }
    }
}
