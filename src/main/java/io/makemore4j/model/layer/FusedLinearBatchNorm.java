package io.makemore4j.model.layer;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the fused Linear (no bias) + BatchNorm + activation layer: one layer doing what
 * DL4J's {@code DenseLayer(hasBias=false)} -> {@code BatchNormalization} -> {@code ActivationLayer}
 * do, on 2-D {@code (rows, nIn) -> (rows, nOut)} arrays, with the same results:
 *
 * <pre>
 *   z    = x W                                   (rows, nOut)
 *   xhat = (z - mean) / sqrt(var + eps)          mean, var over the rows; var is the biased (1/N)
 *                                                batch variance, as in DL4J's BatchNormalization
 *   y    = gamma * xhat + beta
 *   out  = tanh(y)  (or relu, or sigmoid)
 * </pre>
 *
 * In inference the running mean and variance are used instead. The running statistics follow DL4J's
 * BatchNormalization: updated once per training step, in backprop, as
 * {@code s = decay*s + (1-decay)*batch} with the biased batch variance (PyTorch keeps the unbiased
 * one). Unlike DL4J's layer, which hands the update to the updater as a pseudo-gradient under a
 * {@link NoOp} updater (so every batch-norm layer adds two blocks to the network's updater, each
 * costing native calls and array views per step), this layer writes them itself: their gradient is
 * always zero, they take the layer's updater like every other parameter (a zero gradient is a zero
 * update for SGD, momentum and Adam) and have no regularisation.
 *
 * <p>Parameters, in this order (part of the checkpoint format): {@code W} (nIn, nOut), {@code gamma},
 * {@code beta} (trainable), {@code mean}, {@code var} (running statistics, not trained). So the
 * trainable count equals that of the stock Dense(no bias) + BatchNormalization pair.
 *
 * <p>No dropout, weight noise or constraints; activation tanh, relu or sigmoid (the gate of a gated stage).
 */
public class FusedLinearBatchNorm extends FeedForwardLayer {

    /** Name of the weight matrix parameter, (nIn, nOut). */
    public static final String WEIGHT = "W";
    /** Name of the scale parameter, (nOut). */
    public static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
    /** Name of the shift parameter, (nOut). */
    public static final String BETA = BatchNormalizationParamInitializer.BETA;
    /** Name of the running mean, (nOut); not trained. */
    public static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
    /** Name of the running (biased) variance, (nOut); not trained. */
    public static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;

    private double eps = 1e-5;
    private double decay = 0.9;

    /** For JSON deserialisation. */
    public FusedLinearBatchNorm() {
    }

    protected FusedLinearBatchNorm(Builder builder) {
        super(builder);
        this.eps = builder.eps;
        this.decay = builder.decay;
        initializeConstraints(builder);
    }

    /** Added to the variance before the square root. */
    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        this.eps = eps;
    }

    /** Running statistics: {@code s = decay*s + (1-decay)*batch}; DL4J's decay 0.9 is PyTorch's momentum 0.1. */
    public double getDecay() {
        return decay;
    }

    public void setDecay(double decay) {
        this.decay = decay;
    }

    /** Whether {@code param} is one of the running statistics (not trained: always a zero gradient). */
    public static boolean isRunningStat(String param) {
        return MEAN.equals(param) || VAR.equals(param);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLinearBatchNorm", getLayerName(), layerIndex, getNIn(), getNOut());
        return Layers.wire(new FusedLinearBatchNormLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return FusedLinearBatchNormParams.INSTANCE;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        // like DL4J: the weights take the layer's regularisation; batch-norm parameters take none
        return WEIGHT.equals(paramName) ? getRegularization() : null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = 0;
        for (String p : initializer().paramKeys(this)) {
            long n = WEIGHT.equals(p) ? getNIn() * getNOut() : getNOut();
            updaterState += getUpdaterByParam(p).stateSize(n);
        }
        // training keeps about six (rows, nOut) arrays and one (rows, nIn); inference one (rows, nOut)
        long perRowTrain = 6 * getNOut() + getNIn();
        return new LayerMemoryReport.Builder(getLayerName(), FusedLinearBatchNorm.class, inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, 0, 6 * getNOut(), perRowTrain)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public FusedLinearBatchNorm clone() {
        return (FusedLinearBatchNorm) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedLinearBatchNorm f && super.equals(o) && f.eps == eps && f.decay == decay;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), eps, decay);
    }

    @Override
    public String toString() {
        return "FusedLinearBatchNorm(nIn=" + getNIn() + ", nOut=" + getNOut() + ", activation=" + getActivationFn()
                + ", eps=" + eps + ", decay=" + decay + ")";
    }

    /** Builder: {@code nIn}, {@code nOut}, {@code activation} (tanh, relu or sigmoid), {@code weightInit}, {@code eps}, {@code decay}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {

        private double eps = 1e-5;
        private double decay = 0.9;

        /** Added to the variance before the square root (default 1e-5). */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Running-statistics decay (default 0.9). */
        public Builder decay(double decay) {
            this.decay = decay;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public FusedLinearBatchNorm build() {
            return new FusedLinearBatchNorm(this);
        }
    }
}
