package io.makemore4j.model.layer;

import io.makemore4j.config.Activation;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Runtime layer of {@link FusedLinearBatchNorm}: a linear map without bias ({@link LinearMap}: the
 * matrix product {@link DenseMap} here, the dilated convolution of {@link DilatedConvLayer}), then
 * BatchNorm over the rows and tanh/relu/sigmoid, forward and backward written out by hand on
 * preallocated arrays.
 *
 * <p>Training runs on a {@link FusedPlan} per row count (its arrays and bound ops, made once);
 * the running statistics are updated by this layer itself in backprop, with a zero gradient.
 * Inference folds the running statistics into the weights ({@link FusedInference}).
 *
 * <p>The activation returned is a buffer of this layer reused at the next pass (the graph consumes
 * it before then): the plan's in training, a detached buffer grown to the largest batch in
 * inference. Activations returned by {@code feedForward} therefore hold until the next forward pass
 * only.
 */
public class FusedLinearBatchNormLayer extends BaseLayer<FusedLinearBatchNorm> {

    private final LinearMap map;
    private final Activation activation;
    private final Plans<FusedPlan> plans;
    /** The plan of the last training forward pass, whose arrays the backward pass reads; null otherwise. */
    private FusedPlan forwardPlan;
    private FusedInference inference;
    // host views of gamma, beta, mean and var, refreshed when the arrays change
    private final HostView[] paramViews = new HostView[4];
    private final Supplier<String> id = this::layerId;   // for the linear map's messages

    /** Created by {@link FusedLinearBatchNorm#instantiate}: the dense linear map. */
    public FusedLinearBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        this(conf, dataType, new DenseMap(((FusedLinearBatchNorm) conf.getLayer()).getNIn(), dataType));
    }

    /** A layer with another linear map than the matrix product. */
    FusedLinearBatchNormLayer(NeuralNetConfiguration conf, DataType dataType, LinearMap map) {
        super(conf, dataType);
        this.map = map;
        this.activation = Activation.of(layerConf().getActivationFn(), "FusedLinearBatchNorm");
        this.plans = new Plans<>(this::newPlan, p -> p.w != getParam(FusedLinearBatchNorm.WEIGHT));
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("FusedLinearBatchNorm is trained as part of a network");
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input;
        if (x.dataType() != dataType) {
            x = workspaceMgr.castTo(ArrayType.INPUT, dataType, x, false);
        }
        x = map.input(x, maskArray, id);                     // (rows, nIn), or the map's layout
        refreshParamViews();
        if (training) {
            FusedPlan p = plans.get(x.size(0));
            INDArray out = p.forward(x, map.rowWeights(p.rows), paramViews[0], getParam(FusedLinearBatchNorm.BETA));
            forwardPlan = p;
            return out;
        }
        forwardPlan = null;
        if (inference == null) {
            inference = new FusedInference(dataType, layerConf().getNIn(), Math.toIntExact(layerConf().getNOut()));
        }
        return inference.forward(x, paramViews, getParam(FusedLinearBatchNorm.WEIGHT), layerConf().getEps(), map, activation);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        FusedPlan p = forwardPlan;
        if (p == null) {
            throw new IllegalStateException("FusedLinearBatchNorm " + layerId()
                    + ": backprop needs a training-mode forward pass of the same input first");
        }
        INDArray flat = getGradientsViewArray();
        if (flat == null || gradientViews == null) {
            throw new IllegalStateException("FusedLinearBatchNorm " + layerId() + ": no gradient views set");
        }
        if (epsilon.dataType() != dataType) {
            epsilon = epsilon.castTo(dataType);
        }
        INDArray dx = p.backward(epsilon, flat, gradientViews);
        p.updateRunning(paramViews[2], paramViews[3], layerConf().getDecay());   // zero gradient
        Gradient g = new DefaultGradient();
        for (String key : FusedLinearBatchNormParams.INSTANCE.paramKeys(layerConf())) {
            g.gradientForVariable().put(key, gradientViews.get(key));
        }
        forwardPlan = null;
        return new Pair<>(g, dx);
    }

    @Override
    public void clear() {
        super.clear();
        forwardPlan = null;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        plans.clear();
    }

    @Override
    public void setParamTable(Map<String, INDArray> paramTable) {
        super.setParamTable(paramTable);
        plans.clear();
    }

    private FusedPlan newPlan(long rows) {
        return new FusedPlan(rows, Math.toIntExact(layerConf().getNOut()), dataType, layerConf().getEps(),
                getParam(FusedLinearBatchNorm.WEIGHT), getParam(FusedLinearBatchNorm.BETA), activation, map);
    }

    private void refreshParamViews() {
        paramViews[0] = HostView.of(paramViews[0], getParam(FusedLinearBatchNorm.GAMMA));
        paramViews[1] = HostView.of(paramViews[1], getParam(FusedLinearBatchNorm.BETA));
        paramViews[2] = HostView.of(paramViews[2], getParam(FusedLinearBatchNorm.MEAN));
        paramViews[3] = HostView.of(paramViews[3], getParam(FusedLinearBatchNorm.VAR));
    }
}
